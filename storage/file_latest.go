package storage

import (
	"cmp"
	"slices"
	"strconv"

	"gorm.io/gorm"
)

// latestLock is the first half of the PostgreSQL advisory lock key that
// serializes setting the latest-version marker of one file (its second
// half is the hash of the file's key), so that two transactions changing
// versions of the same file cannot each mark a different one.
const latestLock = 0x63626c61

// fileKey names a file: the entries with the same workspace, name and
// holder in the same folder are its versions (see versions and sameFile).
type fileKey struct {
	workspace, name, heldFor string
	// folder is the folder's ID, 0 when unfiled (folder IDs start at 1).
	folder int64
}

// keyOf returns the key of the file the entry r is a version of.
func keyOf(r *fileRow) fileKey {
	k := fileKey{workspace: r.Workspace, name: r.Name, heldFor: r.HeldFor}
	if r.FolderID != nil {
		k.folder = *r.FolderID
	}
	return k
}

// markLatest sets the is_latest marker (migration 18) of the files with
// the given keys to what it means: on the live entry with the highest
// version (the higher id when two share one), on no other entry. Every
// write that adds an entry, trashes or restores one, or changes an
// entry's workspace, name, holder or folder calls it for the keys before
// and after, in the same transaction; an entry whose key changes or that
// is trashed has its marker cleared in the same statement, so that the
// unique index files_latest never sees two marked versions of one file.
// On PostgreSQL each key is locked (latestLock) in a fixed order before it
// is read, so that concurrent writers mark one after the other, each
// seeing what the previous one committed; writers that change existing
// entries take those locks before their first write (lockFiles). Each file's search row
// (refreshFileIndex) is rewritten after its marker, under the same lock.
func (kb *KnowledgeBase) markLatest(tx *gorm.DB, keys ...fileKey) error {
	keys = sortedKeys(keys)
	if err := kb.lockFileKeys(tx, keys...); err != nil {
		return err
	}
	const same = "workspace = ? AND name = ? AND held_for = ? AND COALESCE(folder_id, 0) = ?"
	for _, k := range keys {
		args := []any{k.workspace, k.name, k.heldFor, k.folder}
		var ids []int64
		if err := tx.Raw("SELECT id FROM files WHERE "+same+" AND deleted_at IS NULL ORDER BY version DESC, id DESC LIMIT 1", args...).Scan(&ids).Error; err != nil {
			return err
		}
		var target int64 // 0: no live version
		if len(ids) > 0 {
			target = ids[0]
		}
		if err := tx.Exec("UPDATE files SET is_latest = FALSE WHERE "+same+" AND is_latest AND id <> ?", append(args, target)...).Error; err != nil {
			return err
		}
		if target != 0 {
			if err := tx.Exec("UPDATE files SET is_latest = TRUE WHERE id = ? AND NOT is_latest", target).Error; err != nil {
				return err
			}
		}
	}
	return kb.refreshFileIndex(tx, keys...)
}

// sortedKeys returns keys sorted, without repeats: the order in which
// their locks are taken.
func sortedKeys(keys []fileKey) []fileKey {
	keys = slices.Clone(keys)
	slices.SortFunc(keys, func(a, b fileKey) int {
		return cmp.Or(cmp.Compare(a.workspace, b.workspace), cmp.Compare(a.name, b.name),
			cmp.Compare(a.heldFor, b.heldFor), cmp.Compare(a.folder, b.folder))
	})
	return slices.Compact(keys)
}

// lockFileKeys takes, on PostgreSQL, the locks of the files with the given
// keys (latestLock) in their sorted order; a lock the transaction holds
// already is taken again at no cost.
func (kb *KnowledgeBase) lockFileKeys(tx *gorm.DB, keys ...fileKey) error {
	if !kb.db.isPostgres() {
		return nil
	}
	for _, k := range sortedKeys(keys) {
		err := tx.Exec("SELECT pg_advisory_xact_lock(?, hashtext(? || chr(10) || ? || chr(10) || ? || chr(10) || ?))", latestLock, k.workspace, k.name, k.heldFor, strconv.FormatInt(k.folder, 10)).Error
		if err != nil {
			return err
		}
	}
	return nil
}

// lockFiles takes, on PostgreSQL, the locks of the files the entries ids
// are versions of, and of the files extra, before the caller writes any
// entry. markLatest takes a file's lock and then updates the markers of
// its versions: a writer that updated one of those versions first (its
// text, title, place, trash) and then waited for the file's lock in its
// own markLatest would deadlock with it. Every writer of existing entries
// therefore locks their files first. An entry moved to another file
// between reading its key and locking it has the new file locked too.
func (kb *KnowledgeBase) lockFiles(tx *gorm.DB, ids []int64, extra ...fileKey) error {
	if !kb.db.isPostgres() {
		return nil
	}
	locked := map[fileKey]bool{}
	want := slices.Clone(extra)
	for {
		var rows []fileRow
		if err := tx.Raw("SELECT id, workspace, name, held_for, folder_id FROM files WHERE id IN ?", ids).Scan(&rows).Error; err != nil {
			return err
		}
		for i := range rows {
			want = append(want, keyOf(&rows[i]))
		}
		want = slices.DeleteFunc(want, func(k fileKey) bool { return locked[k] })
		if len(want) == 0 {
			return nil
		}
		if err := kb.lockFileKeys(tx, want...); err != nil {
			return err
		}
		for _, k := range want {
			locked[k] = true
		}
		want = want[:0]
	}
}
