package storage

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/campaignbot/campaignbot"
)

// Blob bytes are deleted only when no entry references them, and never
// under a share that is about to reference them. The blobs table has one
// row per stored blob:
//
//   - refs counts the entries (files rows, trashed ones too) using the
//     bytes. AddFile adds one and PurgeTrash takes its own away, in the
//     same transaction as the entry's insert or delete.
//   - claimed_at is when a Put last stored or found the bytes. Put claims
//     them in a committed transaction before it checks whether the bytes
//     are already published (and then drops its own staged copy), so from
//     that moment on Collect, which only takes bytes whose last claim is
//     older than campaignbot.BlobClaimGrace, leaves them to the entry the
//     share adds next.
//   - Collect deletes bytes while holding the row's lock (the database's
//     write lock on SQLite, the row lock on PostgreSQL), so a Put that
//     claims the same bytes meanwhile waits, then finds them gone and
//     publishes its own staged copy.
//
// The entries are the truth: Collect re-counts them under the lock and
// repairs a count that drifted instead of deleting referenced bytes.

// blobRow is a row of the blobs table.
type blobRow struct {
	SHA256    string `gorm:"column:sha256;primaryKey"`
	Size      int64
	Refs      int64
	ClaimedAt time.Time
}

// TableName implements gorm's schema.Tabler.
func (blobRow) TableName() string { return "blobs" }

// storedObject is a key of the store with its size and modification time.
type storedObject struct {
	key     string
	size    int64
	modTime time.Time
}

// collectBatch is how many unreferenced blobs Collect reads at a time.
const collectBatch = 500

// errNoReferences is Collect's answer on a store opened without
// WithReferences.
var errNoReferences = errors.New("storage: this blob store counts no references (open it with storage.WithReferences) and cannot tell which bytes are unused")

// addBlobReferences counts n more entries using the bytes sum.
func addBlobReferences(tx *gorm.DB, sum string, size int64, n int) error {
	return tx.Exec(`INSERT INTO blobs (sha256, size, refs, claimed_at) VALUES (?, ?, ?, ?)
ON CONFLICT (sha256) DO UPDATE SET refs = blobs.refs + excluded.refs`, sum, size, n, now()).Error
}

// dropBlobReferences counts n fewer entries using the bytes sum.
func dropBlobReferences(tx *gorm.DB, sum string, n int) error {
	return tx.Exec("UPDATE blobs SET refs = CASE WHEN refs > ? THEN refs - ? ELSE 0 END WHERE sha256 = ?", n, n, sum).Error
}

// claim records that a Put holds the bytes sum, so that Collect leaves
// them alone for campaignbot.BlobClaimGrace. It waits for a Collect that
// is deleting them to finish.
func (s *BlobStore) claim(ctx context.Context, sum string, size int64) error {
	err := s.refs.write(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO blobs (sha256, size, refs, claimed_at) VALUES (?, ?, 0, ?)
ON CONFLICT (sha256) DO UPDATE SET claimed_at = excluded.claimed_at`, sum, size, now()).Error
	})
	if err != nil {
		return fmt.Errorf("claim blob %s: %w", sum, err)
	}
	return nil
}

// Collect implements campaignbot.BlobStore: it deletes the bytes whose
// row counts no references and was last claimed before claimedBefore.
func (s *BlobStore) Collect(ctx context.Context, claimedBefore time.Time) (campaignbot.FreedBlobs, error) {
	var freed campaignbot.FreedBlobs
	if s.refs == nil {
		return freed, errNoReferences
	}
	after := ""
	for {
		var sums []string
		err := s.refs.reader(ctx).Model(&blobRow{}).
			Where("refs = 0 AND claimed_at < ? AND sha256 > ?", dbTime(claimedBefore), after).
			Order("sha256").Limit(collectBatch).Pluck("sha256", &sums).Error
		if err != nil {
			return freed, wrapErr("collect blobs", err)
		}
		for _, sum := range sums {
			size, deleted, err := s.collectOne(ctx, sum, claimedBefore)
			if err != nil {
				return freed, wrapErr("collect blobs", err)
			}
			if deleted {
				freed.Blobs++
				freed.Bytes += size
			}
		}
		if len(sums) < collectBatch {
			return freed, nil
		}
		after = sums[len(sums)-1]
	}
}

// collectOne deletes the bytes sum and their row, under the row's lock,
// when they are still unreferenced and unclaimed since claimedBefore.
func (s *BlobStore) collectOne(ctx context.Context, sum string, claimedBefore time.Time) (size int64, deleted bool, err error) {
	err = s.refs.write(ctx, func(tx *gorm.DB) error {
		q := tx.Where("sha256 = ? AND refs = 0 AND claimed_at < ?", sum, dbTime(claimedBefore))
		if s.refs.isPostgres() {
			q = q.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate})
		}
		var row blobRow
		if err := q.Take(&row).Error; isNotFound(err) {
			return nil // claimed or referenced meanwhile
		} else if err != nil {
			return err
		}
		var entries int64
		if err := tx.Model(&fileRow{}).Where("sha256 = ?", sum).Count(&entries).Error; err != nil {
			return err
		}
		if entries > 0 {
			return tx.Model(&blobRow{}).Where("sha256 = ?", sum).Update("refs", entries).Error
		}
		if s.beforeDelete != nil {
			s.beforeDelete(sum)
		}
		if err := s.deleteBlob(ctx, sum); err != nil {
			return err
		}
		size, deleted = row.Size, true
		return tx.Exec("DELETE FROM blobs WHERE sha256 = ?", sum).Error
	})
	if err != nil {
		return 0, false, fmt.Errorf("blob %s: %w", sum, err)
	}
	return size, deleted, nil
}

// Sweep collects, like Collect, and also deletes what the database knows
// nothing about and was last written before olderThan: bytes stored
// before references were counted (or by a crash between staging and
// claiming), and staging files a crash left behind. It reads the whole
// store, so it is for occasional maintenance (campaignbot kb purge).
func (s *BlobStore) Sweep(ctx context.Context, olderThan time.Time) (campaignbot.FreedBlobs, error) {
	if s.refs == nil {
		return campaignbot.FreedBlobs{}, errNoReferences
	}
	var (
		orphans []storedObject
		staging []string
	)
	visit := func(o storedObject) error {
		if !o.modTime.Before(olderThan) {
			return nil
		}
		if strings.HasPrefix(o.key, stagingPrefix) {
			staging = append(staging, o.key)
			return nil
		}
		if sum := path.Base(o.key); validSHA256(sum) && o.key == blobKey(sum) {
			orphans = append(orphans, o)
		}
		return nil
	}
	var err error
	if s.bucket != nil {
		err = s.listBucket(ctx, visit)
	} else {
		err = s.listDir(visit)
	}
	if err != nil {
		return campaignbot.FreedBlobs{}, wrapErr("sweep blobs", err)
	}
	for _, key := range staging {
		if s.bucket != nil {
			err = s.bucket.Delete(ctx, key)
		} else {
			err = s.deleteStagingDir(key)
		}
		if err != nil {
			return campaignbot.FreedBlobs{}, wrapErr("sweep staging", err)
		}
	}
	for len(orphans) > 0 {
		batch := orphans[:min(len(orphans), collectBatch)]
		orphans = orphans[len(batch):]
		if err := s.adoptUnknown(ctx, batch); err != nil {
			return campaignbot.FreedBlobs{}, wrapErr("sweep blobs", err)
		}
	}
	return s.Collect(ctx, olderThan)
}

// adoptUnknown gives each stored blob the database has no row for a row
// with no references and a claim older than any cutoff, which makes it a
// candidate for Collect; a Put claiming it meanwhile keeps it.
func (s *BlobStore) adoptUnknown(ctx context.Context, stored []storedObject) error {
	sums := make([]string, len(stored))
	for i, o := range stored {
		sums[i] = path.Base(o.key)
	}
	var known []string
	if err := s.refs.reader(ctx).Model(&blobRow{}).Where("sha256 IN ?", sums).Pluck("sha256", &known).Error; err != nil {
		return err
	}
	isKnown := make(map[string]bool, len(known))
	for _, k := range known {
		isKnown[k] = true
	}
	return s.refs.write(ctx, func(tx *gorm.DB) error {
		for i, o := range stored {
			if isKnown[sums[i]] {
				continue
			}
			err := tx.Exec(`INSERT INTO blobs (sha256, size, refs, claimed_at) VALUES (?, ?, 0, ?) ON CONFLICT (sha256) DO NOTHING`,
				sums[i], o.size, time.Unix(0, 0).UTC()).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
}
