package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

func TestTodoSnoozeSearchAndStream(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewTodoService(db)
		due := time.Date(2026, 10, 29, 10, 0, 0, 0, time.UTC)
		titles := []string{"完成优惠券海报 coupon banner", "Coupon copy review", "50% off banner", "物流打包 SOP"}
		for i := range 2500 {
			td := &campaignbot.Todo{Workspace: "T1", Title: titles[i%4] + fmt.Sprint(" ", i), Assignees: []campaignbot.UserID{"U1", "U2"}, Creator: "U9"}
			if i%2 == 0 {
				td.Due = due.Add(time.Duration(i) * time.Hour)
			}
			if err := s.CreateTodo(ctx, td); err != nil {
				t.Fatal(err)
			}
		}
		snooze := due.Add(time.Hour)
		got, err := s.UpdateTodo(ctx, "T1", 2, campaignbot.TodoUpdate{SnoozedUntil: &snooze})
		if err != nil || !got.SnoozedUntil.Equal(snooze) {
			t.Fatalf("snooze: %+v %v", got, err)
		}
		if again, _ := s.FindTodo(ctx, "T1", 2); !again.SnoozedUntil.Equal(snooze) {
			t.Errorf("snooze not stored: %v", again.SnoozedUntil)
		}
		done := campaignbot.TodoDone
		if _, err := s.UpdateTodo(ctx, "T1", 1, campaignbot.TodoUpdate{Status: &done, By: "U1"}); err != nil {
			t.Fatal(err)
		}

		for _, tc := range []struct {
			text string
			want int
		}{{"COUPON", 1250}, {"优惠券", 625}, {"50%", 625}, {"_", 0}, {"sop", 625}} {
			found, err := s.FindTodos(ctx, campaignbot.TodoFilter{Workspace: "T1", Text: tc.text})
			if err != nil || len(found) != tc.want {
				t.Errorf("Text %q: %d found, want %d (%v)", tc.text, len(found), tc.want, err)
			}
		}

		// Open to-dos due before the cut-off, plus the snoozed one without
		// a due time; the done one is left out.
		cut := due.Add(1000 * time.Hour)
		n, snoozed := 0, 0
		err = s.EachOpenTodo(ctx, time.Time{}, cut, func(td *campaignbot.Todo) error {
			n++
			if td.Status != campaignbot.TodoOpen || len(td.Assignees) != 2 {
				t.Fatalf("streamed %+v", td)
			}
			if !td.SnoozedUntil.IsZero() {
				snoozed++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Even-indexed to-dos (numbers 1, 3, 5, ...) have due times; those
		// with index < 1000 are before the cut: 500, minus #1 done, plus #2 snoozed.
		if n != 500 || snoozed != 1 {
			t.Errorf("streamed %d (snoozed %d), want 500 (1)", n, snoozed)
		}
		n = 0
		if err := s.EachOpenTodo(ctx, due.Add(500*time.Hour), cut, func(*campaignbot.Todo) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		if n != 251 { // indices 500..998 step 2, plus the snoozed one
			t.Errorf("streamed %d in the window, want 251", n)
		}
		owners, err := s.OpenAssignees(ctx)
		if err != nil || len(owners) != 2 || owners[0] != "U1" {
			t.Errorf("OpenAssignees = %v, %v", owners, err)
		}
	})
}

func TestImportTodos(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewTodoService(db)
		var batch []*campaignbot.Todo
		for i := range 450 {
			batch = append(batch, &campaignbot.Todo{Workspace: "T1", Title: fmt.Sprint("sheet row ", i), Assignees: []campaignbot.UserID{campaignbot.UserID(fmt.Sprint("U", i%7)), "U99"}, Creator: "U9"})
		}
		if err := s.ImportTodos(ctx, batch); err != nil {
			t.Fatal(err)
		}
		for i, td := range batch {
			got, err := s.FindTodo(ctx, "T1", int64(i+1))
			if err != nil || got.Title != td.Title || got.ID != td.ID || len(got.Assignees) != 2 || got.Assignees[0] != td.Assignees[0] {
				t.Fatalf("row %d: %+v %v", i, got, err)
			}
		}
		bad := []*campaignbot.Todo{{Workspace: "T1", Title: "ok", Assignees: []campaignbot.UserID{"U1"}, Creator: "U9"}, {Workspace: "T1", Creator: "U9"}}
		if err := s.ImportTodos(ctx, bad); campaignbot.ErrorCode(err) != campaignbot.EINVALID {
			t.Fatalf("invalid import: %v", err)
		}
		if all, _ := s.FindTodos(ctx, campaignbot.TodoFilter{Workspace: "T1"}); len(all) != 450 {
			t.Fatalf("a failed import stored %d to-dos", len(all)-450)
		}
	})
}
