package storage_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// ackAt is the pinned instant of the acknowledgement tests.
var ackAt = time.Date(2026, 11, 10, 2, 0, 0, 0, time.UTC)

func warmUpAck(user campaignbot.UserID, at time.Time) campaignbot.Ack {
	return campaignbot.Ack{
		Occurrence: "milestone:double11/warm-up:1d", Source: "milestone:double11/warm-up",
		User: user, ReminderKey: "milestone:double11/warm-up:1d:@" + string(user), At: at,
	}
}

// TestAcknowledgeOnce: a double click records one ack, and the second
// call returns the first one's time.
func TestAcknowledgeOnce(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewAckStore(db)
		first, recorded, err := s.Acknowledge(ctx, warmUpAck("U1", ackAt))
		if err != nil || !recorded || !first.At.Equal(ackAt) {
			t.Fatalf("first Acknowledge = %+v, %v, %v", first, recorded, err)
		}
		again, recorded, err := s.Acknowledge(ctx, warmUpAck("U1", ackAt.Add(time.Minute)))
		if err != nil || recorded || !again.At.Equal(ackAt) {
			t.Fatalf("second Acknowledge = %+v, %v, %v; want the first ack, not recorded", again, recorded, err)
		}
		other := warmUpAck("U2", ackAt.Add(time.Hour))
		other.Occurrence = "milestone:double11/warm-up:2h"
		if _, recorded, err := s.Acknowledge(ctx, other); err != nil || !recorded {
			t.Fatalf("ack of another occurrence = %v, %v", recorded, err)
		}
		if _, recorded, err := s.Acknowledge(ctx, warmUpAck("U2", ackAt.Add(2*time.Hour))); err != nil || !recorded {
			t.Fatalf("ack of another person = %v, %v", recorded, err)
		}
		acks, err := s.Acks(ctx, "milestone:double11/warm-up")
		if err != nil || len(acks) != 3 {
			t.Fatalf("Acks = %+v, %v; want 3", acks, err)
		}
		if acks[0].User != "U1" || acks[1].User != "U2" || acks[2].Occurrence != "milestone:double11/warm-up:2h" {
			t.Errorf("Acks order = %+v", acks)
		}
		if none, err := s.Acks(ctx, "milestone:double11/other"); err != nil || len(none) != 0 {
			t.Errorf("Acks(other source) = %+v, %v", none, err)
		}
	})
}

func TestAcknowledgeInvalid(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	s := storage.NewAckStore(db)
	for name, a := range map[string]campaignbot.Ack{
		"no occurrence": {Source: "s", User: "U1", ReminderKey: "k"},
		"no source":     {Occurrence: "o", User: "U1", ReminderKey: "k"},
		"no user":       {Occurrence: "o", Source: "s", ReminderKey: "k"},
		"no key":        {Occurrence: "o", Source: "s", User: "U1"},
	} {
		if _, _, err := s.Acknowledge(context.Background(), a); campaignbot.ErrorCode(err) != campaignbot.EINVALID {
			t.Errorf("Acknowledge(%s) = %v, want invalid", name, err)
		}
	}
}

// TestAcknowledgeConcurrently: two replicas (two connections to one
// database) handling the same click many times at once record one ack,
// and all of them return it.
func TestAcknowledgeConcurrently(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		opts := b.Options(t)
		replicas := []*storage.AckStore{storage.NewAckStore(storagetest.Open(t, opts)), storage.NewAckStore(storagetest.Open(t, opts))}
		ctx := context.Background()
		const clicks = 16
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			recorded int
		)
		for i := range clicks {
			wg.Go(func() {
				got, rec, err := replicas[i%2].Acknowledge(ctx, warmUpAck("U1", ackAt.Add(time.Duration(i)*time.Second)))
				if err != nil {
					t.Errorf("click %d: %v", i, err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				if rec {
					recorded++
				}
				if got.User != "U1" || got.Occurrence != "milestone:double11/warm-up:1d" {
					t.Errorf("click %d returned %+v", i, got)
				}
			})
		}
		wg.Wait()
		if recorded != 1 {
			t.Errorf("%d clicks recorded %d acks, want 1", clicks, recorded)
		}
		acks, err := replicas[0].Acks(ctx, "milestone:double11/warm-up")
		if err != nil || len(acks) != 1 {
			t.Fatalf("Acks = %+v, %v; want one", acks, err)
		}
	})
}
