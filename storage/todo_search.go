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
// trigrams and bigrams under a GIN index. On SQLite the bigrams are in a
// second FTS5 table, todo_bigrams (see bigramToken). A term of three
// characters or more is found through the trigrams, one of two through
// the bigrams (indexedBigram); a single character is matched by scanning
// the titles.

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
				args = append(args, chunk[i].ID, doc, pgTextArray(searchGrams(doc)))
			} else {
				sql.WriteString("(?, ?)")
				args = append(args, chunk[i].ID, doc)
			}
		}
		if err := tx.Exec(sql.String(), args...).Error; err != nil {
			return err
		}
		if pg {
			continue
		}
		sql.Reset()
		args = args[:0]
		for i := range chunk {
			text := bigramText(lowerRunes(chunk[i].Title))
			if text == "" {
				continue
			}
			if len(args) > 0 {
				sql.WriteByte(',')
			} else {
				sql.WriteString("INSERT INTO todo_bigrams (rowid, grams) VALUES ")
			}
			sql.WriteString("(?, ?)")
			args = append(args, chunk[i].ID, text)
		}
		if len(args) > 0 {
			if err := tx.Exec(sql.String(), args...).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

// reindexTodoTitle replaces the search document of the to-do id.
func reindexTodoTitle(tx *gorm.DB, id int64, title string) error {
	doc := lowerRunes(title)
	if tx.Dialector.Name() == DriverPostgres {
		return tx.Exec(`INSERT INTO todo_search (todo_id, doc, grams) VALUES (?, ?, ?::text[])
ON CONFLICT (todo_id) DO UPDATE SET doc = excluded.doc, grams = excluded.grams`, id, doc, pgTextArray(searchGrams(doc))).Error
	}
	if err := tx.Exec("DELETE FROM todo_search WHERE rowid = ?", id).Error; err != nil {
		return err
	}
	if err := tx.Exec("INSERT INTO todo_search (rowid, doc) VALUES (?, ?)", id, doc).Error; err != nil {
		return err
	}
	return putBigrams(tx, "todo_bigrams", id, doc)
}

// titleIndexed reports whether the search index finds the lower-cased
// text exactly: three characters or more (trigrams), or two (bigrams).
func titleIndexed(text string) bool {
	return runeCount(text) >= 3 || useBigrams && indexedBigram(text)
}

// titleGrams returns the index terms every title holding text holds, on
// PostgreSQL: its trigrams, or the two characters themselves.
func titleGrams(text string) []string {
	if runeCount(text) >= 3 {
		return trigrams(text)
	}
	return []string{text}
}

// titleMatch returns the FTS5 table of SQLite that finds text
// (titleIndexed) and its MATCH argument.
func titleMatch(text string) (table, match string) {
	if runeCount(text) >= 3 {
		return "todo_search", fts5String(text)
	}
	return "todo_bigrams", bigramToken(text)
}

// countTitleMatches counts the to-dos whose search document contains
// text, which titleIndexed, up to most.
func countTitleMatches(tx *gorm.DB, text string, most int) (int, error) {
	var n int
	table, match := titleMatch(text)
	q := "SELECT count(*) FROM (SELECT 1 FROM " + table + " WHERE " + table + " MATCH ? LIMIT ?) m"
	args := []any{match, most}
	if tx.Dialector.Name() == DriverPostgres {
		q = "SELECT count(*) FROM (SELECT 1 FROM todo_search WHERE grams @> ?::text[] AND strpos(doc, ?) > 0 LIMIT ?) m"
		args = []any{pgTextArray(titleGrams(text)), text, most}
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
