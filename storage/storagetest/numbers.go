package storagetest

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
)

// SequentialNumbers returns a storage.NumberPicker numbering the entries
// of each workspace 1, 2, 3, … in the order they are added (a taken
// number is skipped), so that tests can name entries by number. Never in
// production: such numbers count the entries added before.
func SequentialNumbers() storage.NumberPicker {
	var (
		mu   sync.Mutex
		next = map[campaignbot.WorkspaceID]int64{}
	)
	return func(f *campaignbot.File, _ int) int64 {
		mu.Lock()
		defer mu.Unlock()
		next[f.Workspace]++
		return next[f.Workspace]
	}
}

// ContentNumbers is a storage.NumberPicker deriving an entry's number
// from the entry alone (workspace, name, bytes, uploader, holder, saver),
// like a random number that two test worlds agree on: an entry gets the
// same number whatever else was added, unless that number is taken.
func ContentNumbers(f *campaignbot.File, attempt int) int64 {
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%d", f.Workspace, f.Name, f.SHA256, f.Uploader, f.HeldFor, f.SavedBy, attempt))
	return 100_000 + int64(binary.BigEndian.Uint64(h[:8])%900_000)
}
