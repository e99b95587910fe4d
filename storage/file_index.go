package storage

import (
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// rankIDBits is how many low bits of a rank key hold the entry's id; the
// bits above hold the second it was shared (migration 20).
const rankIDBits = 31

// maxRankSecond is the last second a rank key can hold (early 2106);
// later times rank as it, earlier than 1970 as 1970.
const maxRankSecond = 1<<32 - 1

// errRankID is returned for an entry whose id no longer fits a rank key:
// after two billion entries in one database.
var errRankID = errors.New("file id too large for the search rank key")

// rankKey returns the rank key of the entry with the given id shared at
// sharedAt: newer entries have higher keys, and of those shared in the
// same second the one with the higher id. Migration 20 computes the same
// in SQL for the entries before it.
func rankKey(sharedAt time.Time, id int64) (int64, error) {
	if id < 0 || id >= 1<<rankIDBits {
		return 0, errRankID
	}
	sec := min(max(sharedAt.Unix(), 0), maxRankSecond)
	return sec<<rankIDBits | id, nil
}

// idOfRankKey returns the id of the entry whose rank key is k.
func idOfRankKey(k int64) int64 { return k & (1<<rankIDBits - 1) }

// setRankKey stores the rank key of the entry r, whose id and shared time
// are set.
func setRankKey(tx *gorm.DB, r *fileRow) error {
	k, err := rankKey(r.SharedAt, r.ID)
	if err != nil {
		return err
	}
	r.RankKey = k
	return tx.Model(&fileRow{}).Where("id = ?", r.ID).Update("rank_key", k).Error
}

// fileScope is where a file is for search's permission filter: in a
// folder of a workspace, or unfiled in a workspace, held for a holder (""
// for nobody).
type fileScope struct {
	workspace string
	// folder is the folder's ID, 0 when unfiled.
	folder int64
	holder string
}

// scopeOf returns the scope of the file with key k.
func scopeOf(k fileKey) fileScope {
	if k.folder != 0 {
		return fileScope{workspace: k.workspace, folder: k.folder}
	}
	return fileScope{workspace: k.workspace, holder: k.heldFor}
}

// token is how file_index holds the bigram g of a file in sc: letters
// and digits only, so that FTS5's ascii tokenizer keeps it whole, in
// parts that letters outside hexadecimal separate, so that no two spell
// the same: "w" and the workspace in hexadecimal; the kind ("h" for a
// bigram of the latest version's title and name, "k" for one of any live
// version's search document; "m" and "n" for those of an unfiled file);
// g's UTF-8 bytes in hexadecimal; then "g" and the folder's ID, or "u"
// and the holder in hexadecimal. The tokens of one bigram in every folder
// of a workspace share the prefix folderPrefix returns.
func (sc fileScope) token(head bool, g string) string {
	if sc.folder != 0 {
		return folderPrefix(sc.workspace, head, g) + strconv.FormatInt(sc.folder, 10)
	}
	kind := "n"
	if head {
		kind = "m"
	}
	return "w" + hex.EncodeToString([]byte(sc.workspace)) + kind + hex.EncodeToString([]byte(g)) + "u" + hex.EncodeToString([]byte(sc.holder))
}

// folderPrefix returns the prefix of the tokens of the bigram g in every
// folder of the workspace ws (see fileScope.token).
func folderPrefix(ws string, head bool, g string) string {
	kind := "k"
	if head {
		kind = "h"
	}
	return "w" + hex.EncodeToString([]byte(ws)) + kind + hex.EncodeToString([]byte(g)) + "g"
}

// fileIndexTokens returns the tokens of a file in sc whose latest version
// has the search head head and whose live versions have the search
// documents docs.
func fileIndexTokens(sc fileScope, head string, docs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range docs {
		for _, g := range bigrams(d) {
			if !seen[g] {
				seen[g] = true
				out = append(out, sc.token(false, g))
			}
		}
	}
	for _, g := range bigrams(head) {
		out = append(out, sc.token(true, g))
	}
	return out
}

// refreshFileIndex rewrites the file_index rows of the files with the
// given keys from what their live versions are now: no row for a file
// that has none, else one keyed by its latest live version's rank key
// (highest version, then highest id, as markLatest marks) with the
// bigrams of every live version's search document and of the latest
// one's title and name. The rows of all the keys go before any is
// written, as an entry moved from one key to another keeps its rank key.
// markLatest calls it for the keys it marks, after marking, and under its
// locks on PostgreSQL.
func (kb *KnowledgeBase) refreshFileIndex(tx *gorm.DB, keys ...fileKey) error {
	const same = "workspace = ? AND name = ? AND held_for = ? AND folder_key = ?"
	for _, k := range keys {
		args := []any{k.workspace, k.name, k.heldFor, k.folder}
		if !kb.db.isPostgres() {
			var old []int64
			if err := tx.Raw("SELECT rank_key FROM file_index WHERE "+same, args...).Scan(&old).Error; err != nil {
				return err
			}
			for _, r := range old {
				if err := tx.Exec("DELETE FROM file_index_grams WHERE rowid = ?", r).Error; err != nil {
					return err
				}
			}
		}
		if err := tx.Exec("DELETE FROM file_index WHERE "+same, args...).Error; err != nil {
			return err
		}
	}
	docSQL := "SELECT doc FROM file_search WHERE rowid IN ?"
	if kb.db.isPostgres() {
		docSQL = "SELECT doc FROM file_search WHERE file_id IN ?"
	}
	for _, k := range keys {
		var live []fileRow
		err := tx.Raw("SELECT id, version, rank_key, shared_at, search_head FROM files WHERE workspace = ? AND name = ? AND held_for = ? AND COALESCE(folder_id, 0) = ? AND deleted_at IS NULL",
			k.workspace, k.name, k.heldFor, k.folder).Scan(&live).Error
		if err != nil {
			return err
		}
		if len(live) == 0 {
			continue
		}
		latest := &live[0]
		ids := make([]int64, len(live))
		for i := range live {
			r := &live[i]
			ids[i] = r.ID
			if r.RankKey == 0 {
				// Saved by a campaignbot from before migration 20 still
				// running beside this one during an upgrade.
				if err := setRankKey(tx, r); err != nil {
					return err
				}
			}
			if r.Version > latest.Version || r.Version == latest.Version && r.ID > latest.ID {
				latest = r
			}
		}
		var docs []string
		if err := tx.Raw(docSQL, ids).Scan(&docs).Error; err != nil {
			return err
		}
		if err := kb.putFileIndex(tx, k, latest.RankKey, latest.SearchHead, docs); err != nil {
			return err
		}
	}
	return nil
}

// putFileIndex adds the file_index row of the file with key k, which has
// none: rank is its latest live version's rank key, head that version's
// search head, docs the search documents of its live versions.
func (kb *KnowledgeBase) putFileIndex(tx *gorm.DB, k fileKey, rank int64, head string, docs []string) error {
	if rank == 0 {
		return errors.New("file index: a version without a rank key")
	}
	tokens := fileIndexTokens(scopeOf(k), head, docs)
	if kb.db.isPostgres() {
		return tx.Exec("INSERT INTO file_index (workspace, name, held_for, folder_key, rank_key, head, grams) VALUES (?, ?, ?, ?, ?, ?, ?::text[])",
			k.workspace, k.name, k.heldFor, k.folder, rank, strings.ReplaceAll(head, "\x00", ""), pgTextArray(tokens)).Error
	}
	if err := tx.Exec("INSERT INTO file_index (workspace, name, held_for, folder_key, rank_key) VALUES (?, ?, ?, ?, ?)",
		k.workspace, k.name, k.heldFor, k.folder, rank).Error; err != nil {
		return err
	}
	if len(tokens) == 0 {
		return nil
	}
	return tx.Exec("INSERT INTO file_index_grams (rowid, grams) VALUES (?, ?)", rank, strings.Join(tokens, " ")).Error
}
