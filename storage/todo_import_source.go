package storage

import (
	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
)

// newFromSource locks the workspace's to-do counter, so that imports of
// one source are serialised, and returns the indexes of rows that were
// not imported from source before: a row is the same to-do as one linked
// to the source when it has the same title. Returns ECONFLICT when every
// row was imported before, so a second import of the same notes creates
// nothing, while a line fixed in the notes since can still be imported.
func newFromSource(tx *gorm.DB, rows []todoRow, source string) ([]int, error) {
	ws := rows[0].Workspace
	if err := tx.Exec(`INSERT INTO todo_counters (workspace, last_number) VALUES (?, 0)
ON CONFLICT (workspace) DO UPDATE SET last_number = todo_counters.last_number`, ws).Error; err != nil {
		return nil, err
	}
	var titles []string
	q := tx.Raw(`SELECT title FROM todos WHERE workspace = ? AND source_link = ? AND source_link <> ''`, ws, source)
	if id := campaignbot.SourceIdentity(source); id != "" {
		q = tx.Raw(`SELECT title FROM todos WHERE workspace = ? AND (source_link = ? OR source_link LIKE ? ESCAPE '\')`,
			ws, source, "%"+escapeLike(id))
	}
	if err := q.Scan(&titles).Error; err != nil {
		return nil, err
	}
	before := make(map[string]bool, len(titles))
	for _, t := range titles {
		before[t] = true
	}
	var kept []int
	for i, r := range rows {
		if !before[r.Title] {
			kept = append(kept, i)
		}
	}
	if len(kept) == 0 {
		return nil, campaignbot.Errorf(campaignbot.ECONFLICT, "%d to-dos were imported from there already; nothing new was created.",
			"已从这里导入过 %d 项待办，未创建新的待办。", len(titles))
	}
	return kept, nil
}
