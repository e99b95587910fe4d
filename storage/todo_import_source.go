package storage

import (
	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
)

// newFromSource locks the workspace's to-do counter, so that imports of
// one source are serialised, and returns the indexes of rows that were
// not imported from source before. A row is the same to-do as one linked
// to the source when it comes from a line that reads as that to-do's
// line read (wherever lines inserted or removed above moved it), or
// from the same line number as a to-do whose line reads as no row now
// (the line was edited since), whatever either title was edited to in
// the preview; a to-do stored without its line's text is known by its
// line number, and one stored without a line, or a row without one, by
// its title. Returns ECONFLICT when every row was imported before, so a
// second import of the same notes creates nothing, while a line fixed
// in the notes since can still be imported.
func newFromSource(tx *gorm.DB, rows []todoRow, source string) ([]int, error) {
	ws := rows[0].Workspace
	if err := tx.Exec(`INSERT INTO todo_counters (workspace, last_number) VALUES (?, 0)
ON CONFLICT (workspace) DO UPDATE SET last_number = todo_counters.last_number`, ws).Error; err != nil {
		return nil, err
	}
	var before []struct {
		Title      string
		SourceLine int
		SourceText string
	}
	q := tx.Raw(`SELECT title, source_line, source_text FROM todos WHERE workspace = ? AND source_link = ? AND source_link <> ''`, ws, source)
	if id := campaignbot.SourceIdentity(source); id != "" {
		q = tx.Raw(`SELECT title, source_line, source_text FROM todos WHERE workspace = ? AND (source_link = ? OR source_link LIKE ? ESCAPE '\')`,
			ws, source, "%"+escapeLike(id))
	}
	if err := q.Scan(&before).Error; err != nil {
		return nil, err
	}
	now := make(map[string]bool, len(rows)) // the lines' texts now
	for _, r := range rows {
		if r.SourceText != "" {
			now[r.SourceText] = true
		}
	}
	lines := make(map[int]bool, len(before))
	texts := make(map[string]int, len(before))     // how many to-dos each line's text gave
	titles := make(map[string]bool, len(before))   // every title
	lineless := make(map[string]bool, len(before)) // titles of to-dos without a line
	for _, b := range before {
		titles[b.Title] = true
		switch {
		case b.SourceLine <= 0:
			lineless[b.Title] = true
		case b.SourceText == "" || !now[b.SourceText]:
			// Its line number is all that is known of it, or its line
			// was edited since: the line of that number is its line.
			lines[b.SourceLine] = true
		}
		if b.SourceText != "" {
			texts[b.SourceText]++
		}
	}
	var kept []int
	for i, r := range rows {
		// A text written on two lines gave two to-dos: each is known once.
		byText := r.SourceText != "" && texts[r.SourceText] > 0
		if byText {
			texts[r.SourceText]--
		}
		seen := lineless[r.Title] || lines[r.SourceLine] || byText
		if r.SourceLine <= 0 {
			seen = titles[r.Title]
		}
		if !seen {
			kept = append(kept, i)
		}
	}
	if len(kept) == 0 {
		return nil, campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("storage.to-dos-were-imported-from-there", len(before)))
	}
	return kept, nil
}
