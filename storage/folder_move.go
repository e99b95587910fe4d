package storage

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
)

// folderMove is one MoveFolder as planned inside its transaction.
type folderMove struct {
	t        *tree
	src      *folderRow
	from, to string
	// moving are the folders that move (src first); newPath their paths
	// after the move.
	moving  []*folderRow
	newPath map[int64]string
	// stayRoots are the topmost folders that stay behind.
	stayRoots []*folderRow
	// parent is the destination's parent (nil: top level); taken the
	// implicit folder at the destination, taken over.
	parent, taken *folderRow
}

// MoveFolder implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) MoveFolder(ctx context.Context, ws campaignbot.WorkspaceID, m campaignbot.FolderMove) (*campaignbot.FolderChange, error) {
	to, err := campaignbot.ParseFolderPath(string(m.To))
	if err != nil {
		return nil, err
	}
	change := &campaignbot.FolderChange{}
	var movedID int64
	err = kb.db.write(ctx, func(tx *gorm.DB) error {
		t, err := loadTree(tx, kb.db.isPostgres(), string(ws))
		if err != nil {
			return err
		}
		mv, err := planMove(t, m.From, to, m.Leave)
		if err != nil {
			return err
		}
		movedID = mv.src.ID
		// Who decides access above the moved folders, before and after.
		oldLock := t.lockAt(parentPath(mv.from))
		var newLock *folderRow
		if mv.parent != nil {
			newLock = t.lockAt(mv.parent.Path)
		}
		change.Relocked = !mv.src.Restricted && newLock != nil && (oldLock == nil || oldLock.ID != newLock.ID)
		if err := mv.apply(tx, kb); err != nil {
			return err
		}
		if change.Relocked {
			// Grants made in chat under other readers do not follow the
			// folders under a restriction: they follow its members.
			change.Dropped, err = dropChatGrants(tx, exposed(mv.moving, mv.to, true))
		}
		return err
	})
	if err != nil {
		return nil, wrapErr("move folder", err)
	}
	folders, err := kb.Folders(ctx, ws)
	if err != nil {
		return nil, err
	}
	for _, f := range folders {
		if f.ID == movedID {
			change.Folder = f
		}
	}
	return change, nil
}

// parentPath returns the parent of p, "" for a top-level one.
func parentPath(p string) string {
	parent, _ := campaignbot.FolderPath(p).Parent()
	return string(parent)
}

// planMove checks a move and works out what moves where.
func planMove(t *tree, fromPath, to campaignbot.FolderPath, leave []int64) (*folderMove, error) {
	src := t.find(string(fromPath))
	if src == nil {
		return nil, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.there-is-no-folder", string(fromPath)))
	}
	mv := &folderMove{t: t, src: src, from: src.Path, to: string(to), newPath: map[int64]string{}}
	caseOnly := strings.EqualFold(mv.to, mv.from)
	if mv.to == mv.from || (!caseOnly && hasPrefixFold(mv.to, mv.from+"/")) {
		return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.cannot-move-into-itself-would-be", mv.from, to))
	}
	// What the mover may not see stays, with everything under it; a
	// change of case only moves nothing anywhere, so all of it follows.
	var stay []string
	for _, r := range t.subtree(mv.from) {
		if !caseOnly && r.ID != src.ID && slices.Contains(leave, r.ID) && !slices.ContainsFunc(stay, func(s string) bool { return under(r.Path, s) }) {
			stay = append(stay, r.Path)
			mv.stayRoots = append(mv.stayRoots, r)
		}
	}
	deepest := 1
	for _, r := range t.subtree(mv.from) {
		if slices.ContainsFunc(stay, func(s string) bool { return under(r.Path, s) }) {
			continue
		}
		mv.moving = append(mv.moving, r)
		mv.newPath[r.ID] = mv.to + r.Path[len(mv.from):]
		deepest = max(deepest, campaignbot.FolderPath(r.Path).Depth()-campaignbot.FolderPath(mv.from).Depth()+1)
	}
	if to.Depth()+deepest-1 > campaignbot.MaxFolderDepth {
		return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.Tn("storage.folders-nest-at-most-levels-deep", campaignbot.MaxFolderDepth, campaignbot.MaxFolderDepth))
	}
	if src.Archived {
		return nil, campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("storage.the-folder-is-archived-and-read-05b5de", mv.from))
	}
	if err := mv.checkDestination(); err != nil {
		return nil, err
	}
	return mv, nil
}

// checkDestination finds the destination's parent and an implicit folder
// to take over, and refuses paths that are taken, ignoring case.
func (mv *folderMove) checkDestination() error {
	moving := func(r *folderRow) bool { _, ok := mv.newPath[r.ID]; return ok }
	for _, r := range mv.t.rows {
		if moving(r) || !strings.EqualFold(r.Path, mv.to) {
			continue
		}
		if !r.Implicit || under(mv.from, r.Path) {
			return campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("storage.the-folder-already-exists", r.Path))
		}
		mv.taken = r
	}
	// Below the destination only what the taken-over folder holds exists;
	// a moved folder may not land on one of those.
	for _, r := range mv.t.rows {
		if moving(r) || r == mv.taken || !hasPrefixFold(r.Path, mv.to+"/") {
			continue
		}
		for _, m := range mv.moving {
			if strings.EqualFold(mv.newPath[m.ID], r.Path) {
				return campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("storage.the-folder-already-exists", r.Path))
			}
		}
	}
	pp, ok := campaignbot.FolderPath(mv.to).Parent()
	if !ok {
		return nil
	}
	if mv.parent = mv.t.find(string(pp)); mv.parent == nil || moving(mv.parent) {
		return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.there-is-no-folder", string(pp)))
	}
	if mv.parent.Archived {
		return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("storage.the-folder-is-archived-and-read-05b5de", mv.parent.Path))
	}
	return nil
}

// apply carries the planned move out.
func (mv *folderMove) apply(tx *gorm.DB, kb *KnowledgeBase) error {
	var parentID *int64
	if mv.parent != nil {
		parentID = &mv.parent.ID
	}
	if mv.taken != nil {
		// What the implicit folder holds becomes the moved folder's, spelt
		// as the destination.
		if err := tx.Model(&folderRow{}).Where("parent_id = ?", mv.taken.ID).Update("parent_id", mv.src.ID).Error; err != nil {
			return err
		}
		// Its files join the moved folder's: each name there is marked
		// again (markLatest).
		var taken []fileRow
		if err := tx.Model(&fileRow{}).Distinct("workspace", "name", "held_for").Where("folder_id = ?", mv.taken.ID).Find(&taken).Error; err != nil {
			return err
		}
		keys := make([]fileKey, 0, 2*len(taken))
		for _, r := range taken {
			keys = append(keys, fileKey{workspace: r.Workspace, name: r.Name, heldFor: r.HeldFor, folder: mv.taken.ID},
				fileKey{workspace: r.Workspace, name: r.Name, heldFor: r.HeldFor, folder: mv.src.ID})
		}
		// The files' locks before their entries' (see lockFiles).
		if err := kb.lockFileKeys(tx, keys...); err != nil {
			return err
		}
		if err := tx.Model(&fileRow{}).Where("folder_id = ?", mv.taken.ID).Updates(map[string]any{"folder_id": mv.src.ID, "is_latest": false}).Error; err != nil {
			return err
		}
		if err := kb.markLatest(tx, keys...); err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM folder_grants WHERE folder_id = ?", mv.taken.ID).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM folders WHERE id = ?", mv.taken.ID).Error; err != nil {
			return err
		}
		if err := mv.t.recase(tx, mv.taken.Path, mv.to); err != nil {
			return err
		}
		mv.t.rows = slices.DeleteFunc(mv.t.rows, func(r *folderRow) bool { return r == mv.taken })
	}
	ids := make([]int64, len(mv.moving))
	for i, r := range mv.moving {
		ids[i] = r.ID
	}
	err := tx.Model(&folderRow{}).Where("id IN ?", ids).Update("path", gorm.Expr("? || substr(path, ?)", mv.to, runeLen(mv.from)+1)).Error
	if err != nil {
		return err
	}
	if err := tx.Model(&folderRow{}).Where("id = ?", mv.src.ID).Update("parent_id", parentID).Error; err != nil {
		return err
	}
	for _, r := range mv.moving {
		r.Path = mv.newPath[r.ID]
	}
	return mv.keepAncestors(tx)
}

// keepAncestors recreates, as implicit folders, the ancestors the folders
// staying behind had among the moved ones, and hangs them there.
func (mv *folderMove) keepAncestors(tx *gorm.DB) error {
	if len(mv.stayRoots) == 0 {
		return nil
	}
	// The ancestors are recreated from the top, the first under the moved
	// folder's old parent.
	var fromParent *int64
	if p := parentPath(mv.from); p != "" {
		if r := mv.t.find(p); r != nil {
			fromParent = &r.ID
		}
	}
	kept := map[string]int64{}
	for _, s := range mv.stayRoots {
		parentID := fromParent
		var chain []string
		for p := parentPath(s.Path); under(p, mv.from); p = parentPath(p) {
			chain = append([]string{p}, chain...)
		}
		for _, p := range chain {
			id, ok := kept[p]
			if !ok {
				row := folderRow{Workspace: mv.t.ws, Path: p, ParentID: parentID, Implicit: true, CreatedAt: now()}
				if err := tx.Create(&row).Error; err != nil {
					return err
				}
				id = row.ID
				kept[p] = id
			}
			parentID = &id
		}
		if err := tx.Model(&folderRow{}).Where("id = ?", s.ID).Update("parent_id", *parentID).Error; err != nil {
			return err
		}
	}
	return nil
}

// hasPrefixFold reports whether s starts with prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	for _, pr := range prefix {
		sr, size := utf8.DecodeRuneInString(s)
		if size == 0 || !strings.EqualFold(string(sr), string(pr)) {
			return false
		}
		s = s[size:]
	}
	return true
}
