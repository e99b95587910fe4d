package storage

import (
	"context"
	"encoding/json"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
)

// BulkIndex adds files with their extracted texts in batches and updates
// the planner's statistics, for benchmarks that need a large knowledge
// base quickly. Files must be valid; versions are not computed: each is
// version 1 and marked latest, so two files may not share a name in a
// folder (the unique index files_latest refuses them).
func (kb *KnowledgeBase) BulkIndex(ctx context.Context, files []*campaignbot.File, texts []string) error {
	const batch = 500
	var top int64
	if err := kb.db.rw.WithContext(ctx).Raw("SELECT coalesce(max(number), 0) FROM files").Scan(&top).Error; err != nil {
		return err
	}
	for start := 0; start < len(files); start += batch {
		end := min(start+batch, len(files))
		err := kb.db.write(ctx, func(tx *gorm.DB) error {
			rows := make([]fileRow, 0, end-start)
			for i, f := range files[start:end] {
				tags, _ := json.Marshal(f.Tags)
				rows = append(rows, fileRow{Number: top + int64(start+i) + 1, Workspace: string(f.Workspace), FolderID: f.FolderID, Title: f.Title, Name: f.Name, Size: f.Size,
					SHA256: f.SHA256, Uploader: string(f.Uploader), Channel: string(f.Channel), SharedAt: dbTime(f.SharedAt),
					Tags: string(tags), Version: 1, TextStatus: string(campaignbot.TextIndexed), IsLatest: true, CreatedAt: now()})
				rows[len(rows)-1].SearchHead = searchHead(&rows[len(rows)-1])
			}
			if err := tx.Create(&rows).Error; err != nil {
				return err
			}
			for i := range rows {
				files[start+i].ID, files[start+i].Number = rows[i].ID, rows[i].Number
				if err := setRankKey(tx, &rows[i]); err != nil {
					return err
				}
				if err := tx.Exec("INSERT INTO file_texts (file_id, body) VALUES (?, ?)", rows[i].ID, texts[start+i]).Error; err != nil {
					return err
				}
				doc := searchDoc(&rows[i], texts[start+i])
				if kb.db.isPostgres() {
					err := tx.Exec("INSERT INTO file_search (file_id, doc, grams) VALUES (?, ?, ?::text[])", rows[i].ID, doc, pgTextArray(searchGrams(doc))).Error
					if err != nil {
						return err
					}
				} else if err := tx.Exec("INSERT INTO file_search (rowid, doc) VALUES (?, ?)", rows[i].ID, doc).Error; err != nil {
					return err
				} else if err := putBigrams(tx, "file_bigrams", rows[i].ID, doc); err != nil {
					return err
				}
				if err := kb.putFileIndex(tx, keyOf(&rows[i]), rows[i].RankKey, rows[i].SearchHead, []string{doc}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	// Statistics, and on PostgreSQL the GIN indexes' pending lists
	// flushed, as autovacuum would have them in a live database.
	if kb.db.isPostgres() {
		return kb.db.rw.WithContext(ctx).Exec("VACUUM ANALYZE").Error
	}
	return kb.db.rw.WithContext(ctx).Exec("ANALYZE").Error
}

// RawTermMatches runs the bare index query of the lower-cased term t on
// the per-version indexes, returning the ids of the entries that hold it,
// without joining the files, filtering by folder or ranking: on SQLite
// the bigram (two characters) or trigram table's MATCH, on PostgreSQL the
// GIN lookup, confirmed by strpos for three characters or more (a bigram
// is the term itself, so a two-character match needs no confirming).
// Benchmarks compare Search with it.
func (kb *KnowledgeBase) RawTermMatches(ctx context.Context, t string) ([]int64, error) {
	var ids []int64
	q := kb.db.reader(ctx)
	var err error
	switch {
	case kb.db.isPostgres():
		grams := trigrams(t)
		if len(grams) == 0 {
			err = q.Raw("SELECT file_id FROM file_search WHERE grams @> ?::text[]", pgTextArray([]string{t})).Scan(&ids).Error
			break
		}
		err = q.Raw("SELECT file_id FROM file_search WHERE grams @> ?::text[] AND strpos(doc, ?) > 0", pgTextArray(grams), t).Scan(&ids).Error
	case runeCount(t) == 2:
		err = q.Raw("SELECT rowid FROM file_bigrams WHERE file_bigrams MATCH ?", bigramToken(t)).Scan(&ids).Error
	default:
		err = q.Raw("SELECT rowid FROM file_search WHERE file_search MATCH ?", fts5String(t)).Scan(&ids).Error
	}
	return ids, err
}

// JoinedTermMatches runs RawTermMatches's index query for the lower-cased
// term t joined to the files and filtered as a search of the folders (and
// the unfiled entries for nobody or for holder) filters it: live entries
// of the workspace ws the asker may read. It neither groups versions nor
// ranks; benchmarks time what that costs beyond the bare index query.
func (kb *KnowledgeBase) JoinedTermMatches(ctx context.Context, ws campaignbot.WorkspaceID, t string, folders []int64, holder campaignbot.UserID) ([]int64, error) {
	var ids []int64
	q := kb.db.reader(ctx)
	filter := "f.workspace = ? AND f.deleted_at IS NULL AND (f.folder_id IN ? OR (f.folder_id IS NULL AND f.held_for IN ('', ?)))"
	var err error
	switch {
	case kb.db.isPostgres():
		grams := trigrams(t)
		if len(grams) == 0 {
			grams = []string{t}
		}
		err = q.Raw("SELECT f.id FROM files f JOIN (SELECT file_id FROM file_search WHERE grams @> ?::text[] AND strpos(doc, ?) > 0 OFFSET 0) s ON s.file_id = f.id WHERE "+filter,
			pgTextArray(grams), t, string(ws), folders, string(holder)).Scan(&ids).Error
	case runeCount(t) == 2:
		err = q.Raw("SELECT f.id FROM files f JOIN file_bigrams ON file_bigrams.rowid = f.id WHERE file_bigrams MATCH ? AND "+filter,
			bigramToken(t), string(ws), folders, string(holder)).Scan(&ids).Error
	default:
		err = q.Raw("SELECT f.id FROM files f JOIN file_search ON file_search.rowid = f.id WHERE file_search MATCH ? AND "+filter,
			fts5String(t), string(ws), folders, string(holder)).Scan(&ids).Error
	}
	return ids, err
}
