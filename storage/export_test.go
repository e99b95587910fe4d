package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Internals exported to the tests of package storage_test.

// LatestVersion is the version of the last migration.
var LatestVersion = migrations[len(migrations)-1].version

// CheckMigrations checks the migrations slice.
func CheckMigrations() error { return checkMigrations(migrations) }

// S3UploadBuffers is what one multipart upload to an s3:// store allocates
// whatever the file's size: its part buffers, and the first part, which
// the SDK reads with io.ReadAll (growing a slice to about twice a part).
const S3UploadBuffers = s3PartSize*(s3PartConcurrency+1) + 2*s3PartSize

// Mebibytes formats a size limit.
var Mebibytes = mebibytes

// AppliedVersions returns every row of schema_migrations, oldest first.
func (db *DB) AppliedVersions(ctx context.Context) ([]int, error) {
	var vs []int
	err := db.rw.WithContext(ctx).Raw("SELECT version FROM schema_migrations ORDER BY version").Scan(&vs).Error
	return vs, err
}

// Pragma reads a SQLite pragma through the write or the read pool.
func (db *DB) Pragma(ctx context.Context, name string, write bool) (string, error) {
	g := db.ro
	if write {
		g = db.rw
	}
	var v string
	err := g.WithContext(ctx).Raw("PRAGMA " + name).Scan(&v).Error
	return v, err
}

// Exec runs a statement on the write pool.
func (db *DB) Exec(ctx context.Context, sql string, args ...any) error {
	return db.rw.WithContext(ctx).Exec(sql, args...).Error
}

// InWriteTx runs fn while a write transaction, in which no statement ran
// yet, is open.
func (db *DB) InWriteTx(ctx context.Context, fn func() error) error {
	return db.write(ctx, func(*gorm.DB) error { return fn() })
}

// SetHooks sets the functions the store calls just before Put claims bytes
// and, in Collect, just before it deletes bytes under the row lock.
func (s *BlobStore) SetHooks(beforeClaim, beforeDelete func(sha256 string)) {
	s.beforeClaim, s.beforeDelete = beforeClaim, beforeDelete
}

// OpenBefore opens the database of opts with only the migrations before
// the one named name applied, to test what that migration does to data.
func OpenBefore(ctx context.Context, opts Options, name string) (*DB, error) {
	all := migrations
	defer func() { migrations = all }()
	i := slices.IndexFunc(all, func(m migration) bool { return m.name == name })
	if i < 0 {
		return nil, fmt.Errorf("no migration named %q", name)
	}
	migrations = all[:i]
	return Open(ctx, opts)
}

// Migrate applies the pending migrations.
func (db *DB) Migrate(ctx context.Context) error { return db.migrate(ctx) }

// BlobReferences returns the reference count of every blob row.
func (db *DB) BlobReferences(ctx context.Context) (map[string]int64, error) {
	var rows []blobRow
	if err := db.ro.WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.SHA256] = r.Refs
	}
	return out, nil
}

// SetSearchFewMatches sets how many title matches a to-do search sorts at
// most, and returns a function restoring it.
func SetSearchFewMatches(n int) func() {
	old := searchFewMatches
	searchFewMatches = n
	return func() { searchFewMatches = old }
}

// SetBigrams turns the bigram indexes on or off (the scan they replace),
// returning what restores the setting.
func SetBigrams(on bool) func() {
	old := useBigrams
	useBigrams = on
	return func() { useBigrams = old }
}

// SetFileIndex turns the search of two-character terms through file_index
// (migration 20) on or off, returning what restores the setting.
func SetFileIndex(on bool) func() {
	old := useFileIndex
	useFileIndex = on
	return func() { useFileIndex = old }
}

// SetAfterFileIndexKeys makes a two-character search run fn between
// reading file_index and reading the files it names, returning what
// restores the setting.
func SetAfterFileIndexKeys(fn func()) func() {
	old := afterFileIndexKeys
	afterFileIndexKeys = fn
	return func() { afterFileIndexKeys = old }
}

// SetBackfillBatch sets how many documents one batch of the search
// backfill indexes, returning what restores it.
func SetBackfillBatch(n int) func() {
	old := backfillBatch
	backfillBatch = n
	return func() { backfillBatch = old }
}

// Count runs a query that returns one number on the write pool.
func (db *DB) Count(ctx context.Context, sql string, args ...any) (int64, error) {
	var n int64
	err := db.rw.WithContext(ctx).Raw(sql, args...).Scan(&n).Error
	return n, err
}

// RankKey is rankKey for tests: the rank key of the entry with the given
// id shared at sharedAt.
func RankKey(sharedAt time.Time, id int64) int64 {
	k, err := rankKey(sharedAt, id)
	if err != nil {
		panic(err)
	}
	return k
}

// FileIndexProblems compares every file's search row (migration 20) with
// what its live versions make it (refreshFileIndex's definition, worked
// out again here from the files and their search documents), and returns
// one line per difference: a file without a row or with a row it should
// not have, a wrong rank key or head, a token too many or missing.
func (kb *KnowledgeBase) FileIndexProblems(ctx context.Context) ([]string, error) {
	type entry struct {
		rank   int64
		head   string
		tokens []string
	}
	pg := kb.db.isPostgres()
	want := map[fileKey]*entry{}
	var live []fileRow
	if err := kb.db.rw.WithContext(ctx).Raw("SELECT * FROM files WHERE deleted_at IS NULL ORDER BY id").Scan(&live).Error; err != nil {
		return nil, err
	}
	docs := map[fileKey][]string{}
	latest := map[fileKey]*fileRow{}
	for i := range live {
		r := &live[i]
		if k, _ := rankKey(r.SharedAt, r.ID); k != r.RankKey {
			return []string{fmt.Sprintf("entry #%d has rank key %d, want %d", r.ID, r.RankKey, k)}, nil
		}
		k := keyOf(r)
		q := "SELECT doc FROM file_search WHERE rowid = ?"
		if pg {
			q = "SELECT doc FROM file_search WHERE file_id = ?"
		}
		var doc []string
		if err := kb.db.rw.WithContext(ctx).Raw(q, r.ID).Scan(&doc).Error; err != nil {
			return nil, err
		}
		docs[k] = append(docs[k], doc...)
		if l := latest[k]; l == nil || r.Version > l.Version || r.Version == l.Version && r.ID > l.ID {
			latest[k] = r
		}
	}
	for k, l := range latest {
		tokens := fileIndexTokens(scopeOf(k), l.SearchHead, docs[k])
		slices.Sort(tokens)
		want[k] = &entry{rank: l.RankKey, head: l.SearchHead, tokens: tokens}
	}
	var rows []struct {
		Workspace, Name, HeldFor string
		FolderKey, RankKey       int64
		Head                     string
		Grams                    string
	}
	q := "SELECT workspace, name, held_for, folder_key, rank_key FROM file_index"
	if pg {
		q = "SELECT workspace, name, held_for, folder_key, rank_key, head, array_to_string(grams, ' ') AS grams FROM file_index"
	}
	if err := kb.db.rw.WithContext(ctx).Raw(q).Scan(&rows).Error; err != nil {
		return nil, err
	}
	got := map[fileKey]*entry{}
	byRank := map[int64]*entry{}
	for _, r := range rows {
		e := &entry{rank: r.RankKey, head: r.Head}
		if pg {
			e.tokens = strings.Fields(r.Grams)
		}
		got[fileKey{workspace: r.Workspace, name: r.Name, heldFor: r.HeldFor, folder: r.FolderKey}] = e
		byRank[r.RankKey] = e
	}
	if !pg {
		// The tokens of each row, from FTS5's own vocabulary of the
		// contentless table; a row of file_index_grams that no file_index
		// row names is a problem too.
		var terms []struct {
			Term string
			Doc  int64
		}
		err := kb.db.write(ctx, func(tx *gorm.DB) error {
			if err := tx.Exec("CREATE VIRTUAL TABLE temp.file_index_vocab USING fts5vocab(main, file_index_grams, 'instance')").Error; err != nil {
				return err
			}
			if err := tx.Raw("SELECT term, doc FROM temp.file_index_vocab").Scan(&terms).Error; err != nil {
				return err
			}
			return tx.Exec("DROP TABLE temp.file_index_vocab").Error
		})
		if err != nil {
			return nil, err
		}
		for _, t := range terms {
			e := byRank[t.Doc]
			if e == nil {
				e = &entry{rank: t.Doc}
				byRank[t.Doc] = e
				got[fileKey{name: fmt.Sprintf("(no file_index row for grams row %d)", t.Doc)}] = e
			}
			e.tokens = append(e.tokens, t.Term)
		}
	}
	var problems []string
	for k, w := range want {
		g := got[k]
		switch {
		case g == nil:
			problems = append(problems, fmt.Sprintf("%+v: no search row", k))
			continue
		case g.rank != w.rank:
			problems = append(problems, fmt.Sprintf("%+v: rank key %d, want %d", k, g.rank, w.rank))
		case pg && g.head != w.head:
			problems = append(problems, fmt.Sprintf("%+v: head %q, want %q", k, g.head, w.head))
		}
		slices.Sort(g.tokens)
		if !slices.Equal(g.tokens, w.tokens) {
			problems = append(problems, fmt.Sprintf("%+v: %d tokens, want %d", k, len(g.tokens), len(w.tokens)))
		}
	}
	for k := range got {
		if want[k] == nil {
			problems = append(problems, fmt.Sprintf("%+v: a search row without a live version", k))
		}
	}
	slices.Sort(problems)
	return problems, nil
}
