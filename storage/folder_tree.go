package storage

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
)

// folderTreeLock is the PostgreSQL advisory lock key that serializes
// changes to the folder tree of a workspace (its second half is the
// workspace's hash), so that the checks of a change (paths unique ignoring
// case, what moves) hold until it commits. SQLite writes are serial.
const folderTreeLock = 0x63626f66

// tree is the folder tree of one workspace as a write transaction sees it.
type tree struct {
	ws   string
	rows []*folderRow
}

// loadTree locks the workspace's tree and reads it.
func loadTree(tx *gorm.DB, pg bool, ws string) (*tree, error) {
	if pg {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?, hashtext(?))", folderTreeLock, ws).Error; err != nil {
			return nil, err
		}
	}
	var rows []*folderRow
	if err := tx.Where("workspace = ?", ws).Find(&rows).Error; err != nil {
		return nil, err
	}
	slices.SortFunc(rows, func(a, b *folderRow) int {
		return slices.Compare(strings.Split(a.Path, "/"), strings.Split(b.Path, "/"))
	})
	return &tree{ws: ws, rows: rows}, nil
}

// find returns the folder at p, else the first one whose path equals p
// ignoring case, else nil.
func (t *tree) find(p string) *folderRow {
	var fold *folderRow
	for _, r := range t.rows {
		if r.Path == p {
			return r
		}
		if fold == nil && strings.EqualFold(r.Path, p) {
			fold = r
		}
	}
	return fold
}

// byID returns the folder with the given ID, or nil.
func (t *tree) byID(id int64) *folderRow {
	for _, r := range t.rows {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// under reports whether the path q is p or below it.
func under(q, p string) bool { return q == p || strings.HasPrefix(q, p+"/") }

// subtree returns the folder at p and every folder below it.
func (t *tree) subtree(p string) []*folderRow {
	var out []*folderRow
	for _, r := range t.rows {
		if under(r.Path, p) {
			out = append(out, r)
		}
	}
	return out
}

// lockAt returns the deepest restricted folder at or above the path p,
// which decides who may see a folder there; nil when there is none.
func (t *tree) lockAt(p string) *folderRow {
	var lock *folderRow
	for _, r := range t.rows {
		if r.Restricted && under(p, r.Path) && (lock == nil || len(r.Path) > len(lock.Path)) {
			lock = r
		}
	}
	return lock
}

// exposed returns the folders of set (the folder at top and folders below
// it) whose access a restriction at or above top decides: those with no
// restricted folder between them and top. With topShields, a restricted
// top decides for all of them itself, and none is exposed.
func exposed(set []*folderRow, top string, topShields bool) []*folderRow {
	var out []*folderRow
	for _, r := range set {
		shielded := slices.ContainsFunc(set, func(g *folderRow) bool {
			return g.Restricted && under(r.Path, g.Path) && (g.Path != top || topShields)
		})
		if !shielded {
			out = append(out, r)
		}
	}
	return out
}

// dropChatGrants deletes the grants made in chat on the folders and
// returns them.
func dropChatGrants(tx *gorm.DB, folders []*folderRow) ([]campaignbot.DroppedGrant, error) {
	if len(folders) == 0 {
		return nil, nil
	}
	paths := make(map[int64]string, len(folders))
	ids := make([]int64, 0, len(folders))
	for _, f := range folders {
		paths[f.ID] = f.Path
		ids = append(ids, f.ID)
	}
	var rows []grantRow
	if err := tx.Where("folder_id IN ? AND from_config = FALSE", ids).Order("folder_id, kind, principal").Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	if err := tx.Exec("DELETE FROM folder_grants WHERE folder_id IN ? AND from_config = FALSE", ids).Error; err != nil {
		return nil, err
	}
	out := make([]campaignbot.DroppedGrant, len(rows))
	for i, r := range rows {
		out[i] = campaignbot.DroppedGrant{Path: campaignbot.FolderPath(paths[r.FolderID]), Grant: r.grant()}
	}
	return out, nil
}

// ensureIn returns the folder at p ignoring case, creating it and its
// missing parents (implicit ones) under the existing parents as they are
// spelt, and adds what it creates to t.
func (t *tree) ensureIn(tx *gorm.DB, p campaignbot.FolderPath) (*folderRow, error) {
	var (
		parent *folderRow
		cur    string
	)
	segments := strings.Split(string(p), "/")
	for i, seg := range segments {
		want := seg
		if cur != "" {
			want = cur + "/" + seg
		}
		row := t.find(want)
		if row == nil {
			// DO NOTHING waits for a concurrent insert of the same path and
			// then skips; the SELECT sees whichever row won.
			var parentID *int64
			if parent != nil {
				parentID = &parent.ID
			}
			err := tx.Exec(`INSERT INTO folders (workspace, path, parent_id, restricted, archived, implicit, created_at)
VALUES (?, ?, ?, FALSE, FALSE, ?, ?) ON CONFLICT (workspace, path) DO NOTHING`,
				t.ws, want, parentID, i < len(segments)-1, now()).Error
			if err != nil {
				return nil, err
			}
			row = &folderRow{}
			if err := tx.Where("workspace = ? AND path = ?", t.ws, want).Take(row).Error; err != nil {
				return nil, err
			}
			t.rows = append(t.rows, row)
		}
		parent, cur = row, row.Path
	}
	return parent, nil
}

// recase respells the folder at from and everything below it as to, which
// equals from ignoring case, keeping the rows.
func (t *tree) recase(tx *gorm.DB, from, to string) error {
	if from == to {
		return nil
	}
	var ids []int64
	for _, r := range t.subtree(from) {
		ids = append(ids, r.ID)
		r.Path = to + r.Path[len(from):]
	}
	return tx.Model(&folderRow{}).Where("id IN ?", ids).Update("path", gorm.Expr("? || substr(path, ?)", to, runeLen(from)+1)).Error
}

// runeLen is the length of s in characters, as SQL's substr counts.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
