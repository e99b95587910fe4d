package storage

import (
	"context"
	"math/rand/v2"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
)

// NumberPicker proposes the number of the new entry f: its attempt-th
// candidate (from 0), asked for again while candidates are taken. A
// candidate outside 1..campaignbot.MaxFileNumber is skipped.
type NumberPicker func(f *campaignbot.File, attempt int) int64

// minRandomNumber keeps random numbers at six digits, clear of the
// small numbers of the entries from before numbers were random.
const minRandomNumber = 100_000

// RandomNumbers is the default NumberPicker: a uniformly random six-digit
// number, whatever the entry, so that numbers tell nothing of other
// entries.
func RandomNumbers(*campaignbot.File, int) int64 {
	return minRandomNumber + rand.Int64N(campaignbot.MaxFileNumber-minRandomNumber+1)
}

// pickAttempts is how many candidates are tried before looking for a free
// number in order (only a nearly full workspace gets there).
const pickAttempts = 32

// numberFor returns a number no entry of f's workspace has, inside the
// transaction that adds f (which holds the workspace's add lock).
func (kb *KnowledgeBase) numberFor(tx *gorm.DB, f *campaignbot.File) (int64, error) {
	taken := func(n int64) (bool, error) {
		var k int64
		err := tx.Model(&fileRow{}).Where("workspace = ? AND number = ?", string(f.Workspace), n).Count(&k).Error
		return k > 0, err
	}
	for attempt := range pickAttempts {
		n := kb.pick(f, attempt)
		if n < 1 || n > campaignbot.MaxFileNumber {
			continue
		}
		busy, err := taken(n)
		if err != nil {
			return 0, err
		}
		if !busy {
			return n, nil
		}
	}
	var used []int64
	err := tx.Model(&fileRow{}).Where("workspace = ? AND number BETWEEN 1 AND ?", string(f.Workspace), campaignbot.MaxFileNumber).
		Order("number").Pluck("number", &used).Error
	if err != nil {
		return 0, err
	}
	next := int64(1)
	for _, n := range used {
		if n != next {
			break
		}
		next++
	}
	if next > campaignbot.MaxFileNumber {
		return 0, campaignbot.NewError(campaignbot.EINTERNAL, campaignbot.T("storage.the-knowledge-base-has-no-free"))
	}
	return next, nil
}

// FileByNumber implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) FileByNumber(ctx context.Context, ws campaignbot.WorkspaceID, number int64) (*campaignbot.File, error) {
	var row fileRow
	err := kb.db.reader(ctx).Where("workspace = ? AND number = ?", string(ws), number).Take(&row).Error
	if isNotFound(err) {
		return nil, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.there-is-no-file", number))
	} else if err != nil {
		return nil, wrapErr("find file", err)
	}
	f, err := row.file()
	return f, wrapErr("find file", err)
}
