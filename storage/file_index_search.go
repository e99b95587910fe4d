package storage

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/campaignbot/campaignbot"
)

// useFileIndex turns the search of a two-character term through file_index
// on; tests and benchmarks turn it off to compare with the per-version
// indexes.
var useFileIndex = true

// afterFileIndexKeys, when set, runs between reading the index and reading
// the files it names; tests change files there as another replica could.
var afterFileIndexKeys func()

// fileIndexTerm reports whether Search finds s through file_index, and the
// term: one term of two characters, neither white space, with no
// apostrophe variants, in a list of folders (and unfiled files) without
// the uploader, type or date filters, which file_index does not hold.
// terms are Search's lower-cased terms with their variants.
func fileIndexTerm(s campaignbot.SearchOptions, terms [][]string) (string, bool) {
	if !useFileIndex || !useBigrams || len(terms) != 1 || len(terms[0]) != 1 || !indexedBigram(terms[0][0]) {
		return "", false
	}
	if s.Folders == nil || s.Uploader != "" || s.Ext != "" || !s.SharedAfter.IsZero() || !s.SharedBefore.IsZero() {
		return "", false
	}
	return terms[0][0], true
}

// searchFileIndex returns what Search returns for the two-character term
// (see fileIndexTerm), from the search rows of the files in the scopes the
// asker may read: s.Folders, and with s.Unfiled the unfiled files held by
// nobody or by s.Holder. The files whose latest version's title or name
// holds the term come first, newest first by rank key, then the others;
// the index gives the first s.Limit in that order, so only the files shown
// are read, with the version count and the highest live version whose
// document holds the term.
func (kb *KnowledgeBase) searchFileIndex(ctx context.Context, s campaignbot.SearchOptions, term string) ([]fileRow, error) {
	ws := string(s.Workspace)
	var unfiled []fileScope
	if s.Unfiled {
		unfiled = append(unfiled, fileScope{workspace: ws})
		if s.Holder != "" {
			unfiled = append(unfiled, fileScope{workspace: ws, holder: string(s.Holder)})
		}
	}
	var (
		keys []int64
		err  error
	)
	if kb.db.isPostgres() {
		keys, err = kb.pgFileIndexKeys(ctx, s, term, unfiled)
	} else {
		keys, err = kb.sqliteFileIndexKeys(ctx, s, term, unfiled)
	}
	if err != nil {
		return nil, err
	}
	if afterFileIndexKeys != nil {
		afterFileIndexKeys()
	}
	if len(keys) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = idOfRankKey(k)
	}
	doc, position := "file_search.rowid", "instr"
	if kb.db.isPostgres() {
		doc, position = "file_search.file_id", "strpos"
	}
	var rows []fileRow
	err = kb.db.reader(ctx).Table("files AS l").
		Select("l.*, (SELECT count(*) FROM files v WHERE "+kb.sameFile("v", "l")+" AND v.deleted_at IS NULL) AS versions, "+
			"(SELECT MAX(v.version) FROM files v JOIN file_search ON "+doc+" = v.id WHERE "+kb.sameFile("v", "l")+
			" AND v.deleted_at IS NULL AND "+position+"(file_search.doc, ?) > 0) AS matched", term).
		Where("l.id IN ? AND l.is_latest AND l.workspace = ?", ids, ws).
		Where("(l.folder_id IN ? OR (l.folder_id IS NULL AND ? AND l.held_for IN ('', ?)))", append([]int64{0}, s.Folders...), s.Unfiled, string(s.Holder)).
		Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	// In the index's order. Each statement sees what is committed when it
	// starts, so the entries are read again only if they are still their
	// file's latest version and still where the asker may read them: a
	// file changed since the index was read is left out rather than shown
	// as it no longer is, or where it no longer may be.
	byID := make(map[int64]*fileRow, len(rows))
	for i := range rows {
		byID[rows[i].ID] = &rows[i]
	}
	out := make([]fileRow, 0, len(rows))
	for _, id := range ids {
		if r := byID[id]; r != nil && r.Matched > 0 {
			out = append(out, *r)
			delete(byID, id) // once, should the two statements overlap
		}
	}
	return out, nil
}

// pgFileIndexKeys returns the rank keys of the first s.Limit files
// searchFileIndex finds on PostgreSQL: the GIN index finds the rows that
// hold the term's token in one of the asker's scopes, ranked by whether
// their head holds it, then by rank key (the function search_file_index
// of migration 20, which keeps the planner on the index).
func (kb *KnowledgeBase) pgFileIndexKeys(ctx context.Context, s campaignbot.SearchOptions, term string, unfiled []fileScope) ([]int64, error) {
	var tokens []string
	for _, id := range s.Folders {
		tokens = append(tokens, fileScope{workspace: string(s.Workspace), folder: id}.token(false, term))
	}
	for _, sc := range unfiled {
		tokens = append(tokens, sc.token(false, term))
	}
	if len(tokens) == 0 {
		return nil, nil
	}
	// The function's limit is an INTEGER: no more files than that have a
	// rank key (see rankIDBits), so a greater limit is all of them.
	var keys []int64
	err := kb.db.reader(ctx).Raw("SELECT * FROM search_file_index(?::text[], ?, ?)", pgTextArray(tokens), term, min(s.Limit, math.MaxInt32)).Scan(&keys).Error
	return keys, err
}

// sqliteFileIndexKeys returns the rank keys of the first s.Limit files
// searchFileIndex finds on SQLite: FTS5 walks the lists of the matching
// tokens newest first (the rowid is the rank key) and stops at the limit,
// for the files whose document holds the term, then for those whose head
// does, which rank first. The
// asker's folders are asked for by their tokens when they are fewer than
// the workspace's other folders; otherwise by the tokens of the term in
// every folder of the workspace (one prefix) but the others', which costs
// one lookup per index segment rather than one per folder.
func (kb *KnowledgeBase) sqliteFileIndexKeys(ctx context.Context, s campaignbot.SearchOptions, term string, unfiled []fileScope) ([]int64, error) {
	ws := string(s.Workspace)
	var all []int64
	if len(s.Folders) > 0 {
		if err := kb.db.reader(ctx).Raw("SELECT id FROM folders WHERE workspace = ?", ws).Scan(&all).Error; err != nil {
			return nil, err
		}
	}
	var readable, others []int64
	for _, id := range all {
		if slices.Contains(s.Folders, id) {
			readable = append(readable, id)
		} else {
			others = append(others, id)
		}
	}
	match := func(head bool) string {
		var parts []string
		switch {
		case len(readable) == 0:
		case len(readable) <= len(others):
			for _, id := range readable {
				parts = append(parts, fileScope{workspace: ws, folder: id}.token(head, term))
			}
		case len(others) == 0:
			parts = append(parts, folderPrefix(ws, head, term)+"*")
		default:
			not := make([]string, len(others))
			for i, id := range others {
				not[i] = fileScope{workspace: ws, folder: id}.token(head, term)
			}
			parts = append(parts, "("+folderPrefix(ws, head, term)+"* NOT ("+strings.Join(not, " OR ")+"))")
		}
		for _, sc := range unfiled {
			parts = append(parts, sc.token(head, term))
		}
		return strings.Join(parts, " OR ")
	}
	head, body := match(true), match(false)
	if body == "" {
		return nil, nil
	}
	const q = "SELECT rowid FROM file_index_grams WHERE file_index_grams MATCH ? ORDER BY rowid DESC LIMIT ?"
	// The newest s.Limit matches first: none, and the search is done.
	var newest []int64
	if err := kb.db.reader(ctx).Raw(q, body, s.Limit).Scan(&newest).Error; err != nil || len(newest) == 0 {
		return nil, err
	}
	var keys []int64
	if err := kb.db.reader(ctx).Raw(q, head, s.Limit).Scan(&keys).Error; err != nil {
		return nil, err
	}
	// Fewer head matches than the page are all of them, and each is also
	// a match of the document, so the newest s.Limit matches hold at most
	// len(keys) of them: the others are the rest of the page.
	for _, k := range newest {
		if len(keys) < s.Limit && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys, nil
}
