package storage

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// MaxIndexedText is how much of a file's extracted text is kept and
// searchable, in characters.
const MaxIndexedText = 32000

// lowerRunes lower-cases s rune by rune, so that the result has exactly as
// many runes as s and positions carry over.
func lowerRunes(s string) string {
	return strings.Map(unicode.ToLower, s)
}

// searchDoc builds the lower-cased search document of a file.
func searchDoc(r *fileRow, body string) string {
	var tags []string
	_ = json.Unmarshal([]byte(r.Tags), &tags)
	return searchHead(r) + "\n" + lowerRunes(strings.Join(tags, " ")+"\n"+body)
}

// searchHead is the lower-cased title and name of a file, a newline
// between them (no search term holds one), which search ranks by.
func searchHead(r *fileRow) string {
	return lowerRunes(r.Title + "\n" + r.Name)
}

// trigrams returns the distinct three-character substrings of s.
func trigrams(s string) []string {
	rs := []rune(s)
	if len(rs) < 3 {
		return nil
	}
	seen := make(map[string]bool, len(rs))
	out := make([]string, 0, len(rs))
	for i := 0; i+3 <= len(rs); i++ {
		g := string(rs[i : i+3])
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// bigrams returns the distinct two-character substrings of s that hold no
// white space: a search term is trimmed, so none of two characters holds
// any, and leaving them out keeps the index of English text small.
func bigrams(s string) []string {
	rs := []rune(s)
	if len(rs) < 2 {
		return nil
	}
	seen := make(map[string]bool, len(rs))
	out := make([]string, 0, len(rs))
	for i := 0; i+2 <= len(rs); i++ {
		if unicode.IsSpace(rs[i]) || unicode.IsSpace(rs[i+1]) {
			continue
		}
		g := string(rs[i : i+2])
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// indexedBigram reports whether the bigram indexes find the lower-cased
// term t exactly: two characters, neither of them white space.
func indexedBigram(t string) bool {
	rs := []rune(t)
	return len(rs) == 2 && !unicode.IsSpace(rs[0]) && !unicode.IsSpace(rs[1])
}

// searchGrams returns the index terms of a lower-cased document on
// PostgreSQL: its character trigrams and bigrams, in one text[] column
// (the two never collide, their lengths differ).
func searchGrams(doc string) []string {
	return append(trigrams(doc), bigrams(doc)...)
}

// bigramToken is how SQLite's bigram tables (file_bigrams, todo_bigrams)
// hold the bigram g: its UTF-8 bytes in upper-case hexadecimal, one token
// of letters and digits for FTS5's ascii tokenizer whatever characters g
// holds (CJK, punctuation, quotes, '%'), so that no tokenizer rule splits
// or folds it and a match of the token is exactly a match of g.
// Migration 12's backfill (backfillSearch) writes the same.
func bigramToken(g string) string {
	return strings.ToUpper(hex.EncodeToString([]byte(g)))
}

// bigramText is the text SQLite's bigram tables index for a lower-cased
// document: the tokens of its bigrams, space-separated.
func bigramText(doc string) string {
	gs := bigrams(doc)
	for i, g := range gs {
		gs[i] = bigramToken(g)
	}
	return strings.Join(gs, " ")
}

// useBigrams turns the bigram indexes on; tests turn them off to compare
// with the scan they replace.
var useBigrams = true

// pgTextArray renders ss as a PostgreSQL text[] literal.
func pgTextArray(ss []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		for _, r := range s {
			if r == '"' || r == '\\' {
				b.WriteByte('\\')
			}
			if r == 0 {
				continue
			}
			b.WriteRune(r)
		}
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// reindex rebuilds the search documents of the files with the given IDs,
// then marks the latest version of the files they are versions of and
// rewrites those files' search rows (markLatest).
func (kb *KnowledgeBase) reindex(tx *gorm.DB, ids ...int64) error {
	return kb.reindexMarking(tx, nil, ids...)
}

// reindexMarking is reindex that also marks the files with the keys also
// (those the entries left), in the same markLatest, so that a file whose
// entries moved has each of its search rows written once.
func (kb *KnowledgeBase) reindexMarking(tx *gorm.DB, also []fileKey, ids ...int64) error {
	keys := append(make([]fileKey, 0, len(ids)+len(also)), also...)
	for _, id := range ids {
		var row fileRow
		if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
			return err
		}
		keys = append(keys, keyOf(&row))
		var body []string
		if err := tx.Raw("SELECT body FROM file_texts WHERE file_id = ?", id).Scan(&body).Error; err != nil {
			return err
		}
		if err := tx.Model(&fileRow{}).Where("id = ?", id).Update("search_head", searchHead(&row)).Error; err != nil {
			return err
		}
		doc := searchDoc(&row, strings.Join(body, ""))
		if kb.db.isPostgres() {
			doc = strings.ReplaceAll(doc, "\x00", "")
			err := tx.Exec(`INSERT INTO file_search (file_id, doc, grams) VALUES (?, ?, ?::text[])
ON CONFLICT (file_id) DO UPDATE SET doc = excluded.doc, grams = excluded.grams`, id, doc, pgTextArray(searchGrams(doc))).Error
			if err != nil {
				return err
			}
			continue
		}
		if err := tx.Exec("DELETE FROM file_search WHERE rowid = ?", id).Error; err != nil {
			return err
		}
		if err := tx.Exec("INSERT INTO file_search (rowid, doc) VALUES (?, ?)", id, doc).Error; err != nil {
			return err
		}
		if err := putBigrams(tx, "file_bigrams", id, doc); err != nil {
			return err
		}
	}
	return kb.markLatest(tx, keys...)
}

// putBigrams replaces the row id of the SQLite bigram table (file_bigrams
// or todo_bigrams) with the bigrams of doc.
func putBigrams(tx *gorm.DB, table string, id int64, doc string) error {
	if err := tx.Exec("DELETE FROM "+table+" WHERE rowid = ?", id).Error; err != nil {
		return err
	}
	text := bigramText(doc)
	if text == "" {
		return nil
	}
	return tx.Exec("INSERT INTO "+table+" (rowid, grams) VALUES (?, ?)", id, text).Error
}

// SetFileText implements campaignbot.KnowledgeBase. Text beyond
// MaxIndexedText characters is dropped.
func (kb *KnowledgeBase) SetFileText(ctx context.Context, ws campaignbot.WorkspaceID, id int64, status campaignbot.TextStatus, text string) error {
	text = strings.ToValidUTF8(strings.ReplaceAll(text, "\x00", ""), "")
	if utf8.RuneCountInString(text) > MaxIndexedText {
		text = string([]rune(text)[:MaxIndexedText])
	}
	err := kb.db.write(ctx, func(tx *gorm.DB) error {
		// The file's lock before its entry's (see lockFiles).
		if err := kb.lockFiles(tx, []int64{id}); err != nil {
			return err
		}
		res := tx.Model(&fileRow{}).Where("id = ? AND workspace = ?", id, string(ws)).Update("text_status", string(status))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errNoFile()
		}
		if err := tx.Exec("DELETE FROM file_texts WHERE file_id = ?", id).Error; err != nil {
			return err
		}
		if text != "" {
			if err := tx.Exec("INSERT INTO file_texts (file_id, body) VALUES (?, ?)", id, text).Error; err != nil {
				return err
			}
		}
		return kb.reindex(tx, id)
	})
	return wrapErr("set file text", err)
}

// FileText implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) FileText(ctx context.Context, ws campaignbot.WorkspaceID, id int64) (string, error) {
	var body []string
	err := kb.db.reader(ctx).Raw(`SELECT t.body FROM file_texts t JOIN files f ON f.id = t.file_id
WHERE t.file_id = ? AND f.workspace = ?`, id, string(ws)).Scan(&body).Error
	if err != nil {
		return "", wrapErr("file text", err)
	}
	return strings.Join(body, ""), nil
}

// Search implements campaignbot.KnowledgeBase. Terms are matched as
// lower-cased substrings: on SQLite through FTS5's trigram tokenizer (each
// term quoted as an FTS5 string, so no input can change the query's
// syntax), on PostgreSQL through a GIN index on the documents' trigrams.
// Terms of two characters are found through an index of the documents'
// character bigrams (on SQLite a second FTS5 table, file_bigrams, whose
// tokens are the bigrams hex-encoded; on PostgreSQL the bigrams beside
// the trigrams in the same column). Only a search whose every term has one
// character (or whose pieces between apostrophes are that short) is
// matched by scanning, which is slower. Both rank alike (see rank), by
// each document alone.
func (kb *KnowledgeBase) Search(ctx context.Context, s campaignbot.SearchOptions) ([]campaignbot.SearchHit, error) {
	if s.Workspace == "" {
		return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.a-search-needs-a-workspace"))
	}
	if s.Limit <= 0 {
		s.Limit = 10
	}
	if s.Folders != nil && len(s.Folders) == 0 && !s.Unfiled {
		return nil, nil
	}
	// terms are the lower-cased terms, each with its apostrophe variants
	// (campaignbot.ApostropheVariants), of which one must occur; long are
	// the substrings every match holds that the trigram index can find:
	// the terms of three characters or more, or of a term with an
	// apostrophe, its pieces between apostrophes of three or more; pairs
	// are those of two characters, which the bigram index finds
	// (indexedBigram).
	var (
		terms       [][]string
		long, pairs []string
	)
	for _, t := range s.Terms {
		t = lowerRunes(strings.ReplaceAll(strings.TrimSpace(t), "\x00", ""))
		if t == "" {
			continue
		}
		variants := campaignbot.ApostropheVariants(t)
		terms = append(terms, variants)
		pieces := []string{t}
		if len(variants) > 1 {
			pieces = strings.FieldsFunc(t, campaignbot.IsApostrophe)
		}
		for _, piece := range pieces {
			switch {
			case utf8.RuneCountInString(piece) >= 3:
				long = append(long, piece)
			case useBigrams && indexedBigram(piece):
				pairs = append(pairs, piece)
			}
		}
	}
	var (
		rows []fileRow
		err  error
	)
	if term, ok := fileIndexTerm(s, terms); ok {
		rows, err = kb.searchFileIndex(ctx, s, term)
	} else {
		rows, err = kb.searchVersions(ctx, s, terms, long, pairs)
	}
	if err != nil {
		return nil, wrapErr("search", err)
	}
	hits := make([]campaignbot.SearchHit, len(rows))
	ids := make([]int64, len(rows))
	for i := range rows {
		f, err := rows[i].file()
		if err != nil {
			return nil, wrapErr("search", err)
		}
		hits[i].File = f
		hits[i].Matched = rows[i].Matched
		ids[i] = f.ID
	}
	if len(terms) > 0 && len(ids) > 0 {
		var texts []struct {
			FileID int64
			Body   string
		}
		if err := kb.db.reader(ctx).Raw("SELECT file_id, body FROM file_texts WHERE file_id IN ?", ids).Scan(&texts).Error; err != nil {
			return nil, wrapErr("search snippets", err)
		}
		bodies := make(map[int64]string, len(texts))
		for _, t := range texts {
			bodies[t.FileID] = t.Body
		}
		for i := range hits {
			body := bodies[hits[i].File.ID]
			if f := hits[i].File; hits[i].Matched != f.Version {
				// Only an older version matched: its text has the words.
				var old []string
				err := kb.db.reader(ctx).Raw("SELECT t.body FROM file_texts t JOIN files o ON o.id = t.file_id JOIN files l ON "+kb.sameFile("o", "l")+
					" WHERE l.id = ? AND o.version = ? AND o.deleted_at IS NULL", f.ID, hits[i].Matched).Scan(&old).Error
				if err != nil {
					return nil, wrapErr("search snippets", err)
				}
				body = strings.Join(old, "")
			}
			hits[i].Snippet = Snippet(body, slices.Concat(terms...))
		}
	}
	return hits, nil
}

// searchVersions finds what Search returns through the per-version
// indexes: each live entry whose own search document holds every term
// (long and pairs are the substrings the trigram and bigram indexes find,
// see Search), grouped by file, shown as its latest live version with
// matched and versions set, ranked, the first s.Limit.
func (kb *KnowledgeBase) searchVersions(ctx context.Context, s campaignbot.SearchOptions, terms [][]string, long, pairs []string) ([]fileRow, error) {
	pg := kb.db.isPostgres()
	q := kb.db.reader(ctx).Table("files AS f").Select("f.*")
	position := "instr"
	switch {
	case len(terms) == 0:
	case pg:
		// The matches are found first (OFFSET 0 keeps the planner from
		// walking files in date order and probing each), then ranked.
		var (
			conds []string
			args  []any
		)
		var grams []string
		for _, t := range long {
			grams = append(grams, trigrams(t)...)
		}
		grams = append(grams, pairs...)
		if len(grams) > 0 {
			conds = append(conds, "grams @> ?::text[]")
			args = append(args, pgTextArray(grams))
		}
		for _, t := range terms {
			c, a := anyOf("strpos(doc, ?) > 0", t)
			conds = append(conds, c)
			args = append(args, a...)
		}
		q = q.Joins("JOIN (SELECT file_id FROM file_search WHERE "+strings.Join(conds, " AND ")+" OFFSET 0) s ON s.file_id = f.id", args...)
		position = "strpos"
	default:
		// The trigram index when a term has three characters or more,
		// else the bigram index when one has two: both are FTS5 tables
		// whose rowid is the file's, found first by their MATCH.
		bigram := len(long) == 0 && len(pairs) > 0
		scan := false // whether a term is confirmed in the document
		for _, t := range terms {
			// A term without an apostrophe of three or more characters
			// is matched exactly by the trigram index, and one of two by
			// the bigram index.
			exact := len(t) == 1 && (utf8.RuneCountInString(t[0]) >= 3 || bigram && indexedBigram(t[0]))
			if !exact {
				c, a := anyOf("instr(file_search.doc, ?) > 0", t)
				q = q.Where(c, a...)
				scan = true
			}
		}
		switch {
		case bigram:
			tokens := make([]string, len(pairs))
			for i, p := range pairs {
				tokens[i] = bigramToken(p)
			}
			q = q.Joins("JOIN file_bigrams ON file_bigrams.rowid = f.id").Where("file_bigrams MATCH ?", strings.Join(tokens, " "))
			if scan {
				q = q.Joins("JOIN file_search ON file_search.rowid = f.id")
			}
		default:
			q = q.Joins("JOIN file_search ON file_search.rowid = f.id")
			if len(long) > 0 {
				quoted := make([]string, len(long))
				for i, t := range long {
					quoted[i] = fts5String(t)
				}
				q = q.Where("file_search MATCH ?", strings.Join(quoted, " "))
			}
		}
	}
	q = q.Where("f.workspace = ? AND f.deleted_at IS NULL", string(s.Workspace))
	unfiled := "(f.folder_id IS NULL AND f.held_for IN ('', ?))"
	switch {
	case s.Folders == nil && s.Unfiled:
		q = q.Where("(f.folder_id IS NOT NULL OR "+unfiled+")", string(s.Holder))
	case s.Folders == nil:
		q = q.Where("f.folder_id IS NOT NULL")
	case s.Unfiled && len(s.Folders) > 0:
		q = q.Where("(f.folder_id IN ? OR "+unfiled+")", s.Folders, string(s.Holder))
	case s.Unfiled:
		q = q.Where(unfiled, string(s.Holder))
	default:
		q = q.Where("f.folder_id IN ?", s.Folders)
	}
	if s.Uploader != "" {
		q = q.Where("f.uploader = ?", string(s.Uploader))
	}
	if s.Ext != "" {
		q = q.Where("lower(f.name) LIKE ? ESCAPE '\\'", "%."+escapeLike(strings.ToLower(s.Ext)))
	}
	if !s.SharedAfter.IsZero() {
		q = q.Where("f.shared_at >= ?", dbTime(s.SharedAfter))
	}
	if !s.SharedBefore.IsZero() {
		q = q.Where("f.shared_at < ?", dbTime(s.SharedBefore))
	}
	// Each file is found once, whichever of its versions matched, and
	// shown and ranked as its latest live version, which need not match.
	// PostgreSQL reads the marked matches as they are (latestOfMatches);
	// SQLite, where that query shape was slower for few matches, groups
	// the matches by file and joins each group to its marked version by
	// the unique index files_latest.
	var latest *gorm.DB
	if pg {
		latest = kb.latestOfMatches(ctx, q.Select("f.*")).Order(rank("l", position, terms)).Limit(s.Limit)
	} else {
		q = q.Select("f.workspace, f.folder_id, f.held_for, f.name, MAX(f.version) AS matched").Group("f.workspace, f.folder_id, f.held_for, f.name")
		latest = kb.db.reader(ctx).Table("(?) AS m", q).
			Select("l.*, m.matched").
			Joins("JOIN files l ON l.workspace = m.workspace AND l.name = m.name AND l.held_for = m.held_for AND COALESCE(l.folder_id, 0) = COALESCE(m.folder_id, 0) AND l.is_latest").
			Order(rank("l", position, terms)).Limit(s.Limit)
	}
	// Versions are counted for the rows shown only, not for every match.
	shown := kb.db.reader(ctx).Table("(?) AS l", latest).
		Select("l.*, (SELECT count(*) FROM files v WHERE " + kb.sameFile("v", "l") + " AND v.deleted_at IS NULL) AS versions").
		Order(rank("l", position, terms))
	var rows []fileRow
	err := shown.Scan(&rows).Error
	return rows, err
}

// latestOfMatches returns, as the table l, the latest live version of
// each file one of whose entries the query matches selects (f.*, live
// entries only), with matched, the highest version that matched. It reads
// the marker of migration 18 (markLatest): a matched entry that is marked
// is its file's latest version and the highest that matched, as it is;
// the files of which only older versions matched are looked up once each
// by the unique index files_latest. Unlike looking up every match's
// newest version, which cost more than finding the matches on PostgreSQL
// with a thousand of them, the common case needs no lookup at all.
func (kb *KnowledgeBase) latestOfMatches(ctx context.Context, matches *gorm.DB) *gorm.DB {
	key := "m.workspace, m.name, m.held_for, m.folder_id"
	union := kb.db.reader(ctx).Raw(`WITH m AS (?)
SELECT m.*, m.version AS matched FROM m WHERE m.is_latest
UNION ALL
SELECT l.*, o.matched FROM (SELECT `+key+`, MAX(m.version) AS matched FROM m WHERE NOT m.is_latest GROUP BY `+key+`) o
JOIN files l ON `+kb.sameFile("l", "o")+` AND l.is_latest
WHERE NOT EXISTS (SELECT 1 FROM m WHERE m.id = l.id)`, matches)
	return kb.db.reader(ctx).Table("(?) AS l", union)
}

// rank orders search results on both databases alike, from each file
// alone: first by how many terms its title or name holds (its
// search_head), then newest first: by the second it was shared, then the
// higher id (its rank_key, see rankKey). Ranking by statistics over many
// documents (FTS5's bm25 counts how common a term is among every row)
// would let the order of a user's own results tell what documents they
// may not see contain. alias names the files table; position is the
// database's substring search (instr, strpos).
func rank(alias, position string, terms [][]string) clause.OrderBy {
	order := alias + ".rank_key DESC"
	if len(terms) == 0 {
		return clause.OrderBy{Expression: clause.Expr{SQL: order}}
	}
	hits := make([]string, len(terms))
	var args []any
	for i, t := range terms {
		c, a := anyOf(position+"("+alias+".search_head, ?) > 0", t)
		hits[i] = "CASE WHEN " + c + " THEN 1 ELSE 0 END"
		args = append(args, a...)
	}
	return clause.OrderBy{Expression: clause.Expr{SQL: "(" + strings.Join(hits, " + ") + ") DESC, " + order, Vars: args, WithoutParentheses: true}}
}

// anyOf returns cond, which has one placeholder, ORed over the variants
// of a term, and its arguments.
func anyOf(cond string, variants []string) (string, []any) {
	if len(variants) == 1 {
		return cond, []any{variants[0]}
	}
	conds := make([]string, len(variants))
	args := make([]any, len(variants))
	for i, v := range variants {
		conds[i] = cond
		args[i] = v
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// escapeLike escapes LIKE wildcards with backslashes.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// snippetRadius is how many characters a snippet shows on each side of the
// term found.
const snippetRadius = 40

// Snippet returns the part of body around the first of the lower-cased
// terms it contains, on one line, with "…" where it was cut; "" when body
// contains none of them.
func Snippet(body string, terms []string) string {
	rs := []rune(body)
	lower := []rune(lowerRunes(body))
	at, n := -1, 0
	for _, t := range terms {
		tr := []rune(t)
		if i := runeIndex(lower, tr); i >= 0 && (at < 0 || i < at) {
			at, n = i, len(tr)
		}
	}
	if at < 0 {
		return ""
	}
	start, end := max(0, at-snippetRadius), min(len(rs), at+n+snippetRadius)
	out := strings.Join(strings.Fields(string(rs[start:end])), " ")
	if start > 0 {
		out = "…" + out
	}
	if end < len(rs) {
		out += "…"
	}
	return out
}

// runeIndex returns the index of needle in hay, or -1.
func runeIndex(hay, needle []rune) int {
	if len(needle) == 0 {
		return -1
	}
outer:
	for i := 0; i+len(needle) <= len(hay); i++ {
		for j, r := range needle {
			if hay[i+j] != r {
				continue outer
			}
		}
		return i
	}
	return -1
}
