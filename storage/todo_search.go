package storage

import (
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// The titles of to-dos are searched the way the knowledge base searches
// its documents (see KnowledgeBase.Search): each title is stored
// lower-cased in todo_search, on SQLite in an FTS5 table with the trigram
// tokenizer (rowid = todos.id), on PostgreSQL with its distinct character
// trigrams under a GIN index. A term of three characters or more is found
// through that index; a shorter one has no trigram and is matched by
// scanning the titles.

// todoSearchBatch is how many search documents one statement stores.
const todoSearchBatch = 200

// indexTodoTitles stores the search documents of newly inserted to-dos.
func indexTodoTitles(tx *gorm.DB, rows []todoRow) error {
	pg := tx.Dialector.Name() == DriverPostgres
	for start := 0; start < len(rows); start += todoSearchBatch {
		chunk := rows[start:min(start+todoSearchBatch, len(rows))]
		var sql strings.Builder
		args := make([]any, 0, 3*len(chunk))
		if pg {
			sql.WriteString("INSERT INTO todo_search (todo_id, doc, grams) VALUES ")
		} else {
			sql.WriteString("INSERT INTO todo_search (rowid, doc) VALUES ")
		}
		for i := range chunk {
			if i > 0 {
				sql.WriteByte(',')
			}
			doc := lowerRunes(chunk[i].Title)
			if pg {
				sql.WriteString("(?, ?, ?::text[])")
				args = append(args, chunk[i].ID, doc, pgTextArray(trigrams(doc)))
			} else {
				sql.WriteString("(?, ?)")
				args = append(args, chunk[i].ID, doc)
			}
		}
		if err := tx.Exec(sql.String(), args...).Error; err != nil {
			return err
		}
	}
	return nil
}

// reindexTodoTitle replaces the search document of the to-do id.
func reindexTodoTitle(tx *gorm.DB, id int64, title string) error {
	doc := lowerRunes(title)
	if tx.Dialector.Name() == DriverPostgres {
		return tx.Exec(`INSERT INTO todo_search (todo_id, doc, grams) VALUES (?, ?, ?::text[])
ON CONFLICT (todo_id) DO UPDATE SET doc = excluded.doc, grams = excluded.grams`, id, doc, pgTextArray(trigrams(doc))).Error
	}
	if err := tx.Exec("DELETE FROM todo_search WHERE rowid = ?", id).Error; err != nil {
		return err
	}
	return tx.Exec("INSERT INTO todo_search (rowid, doc) VALUES (?, ?)", id, doc).Error
}

// countTitleMatches counts the to-dos whose search document contains
// text, of three characters or more, up to most.
func countTitleMatches(tx *gorm.DB, text string, most int) (int, error) {
	var n int
	q := "SELECT count(*) FROM (SELECT 1 FROM todo_search WHERE todo_search MATCH ? LIMIT ?) m"
	args := []any{fts5String(text), most}
	if tx.Dialector.Name() == DriverPostgres {
		q = "SELECT count(*) FROM (SELECT 1 FROM todo_search WHERE grams @> ?::text[] AND strpos(doc, ?) > 0 LIMIT ?) m"
		args = []any{pgTextArray(trigrams(text)), text, most}
	}
	err := tx.Raw(q, args...).Scan(&n).Error
	return n, err
}

// fts5String quotes s as an FTS5 string, so that no input can change a
// query's syntax.
func fts5String(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// runeCount is the number of characters of s.
func runeCount(s string) int { return utf8.RuneCountInString(s) }
