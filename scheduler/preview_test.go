package scheduler_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// zonedPeople places the users it knows in their zones; anyone else is
// unknown, so in the configured zone.
type zonedPeople map[campaignbot.UserID]string

func (z zonedPeople) User(_ context.Context, id campaignbot.UserID) (campaignbot.User, error) {
	tz, ok := z[id]
	if !ok {
		return campaignbot.User{}, campaignbot.Errorf(campaignbot.ENOTFOUND, "unknown %s", "未知 %s", id)
	}
	return campaignbot.User{ID: id, Timezone: tz}, nil
}

func (z zonedPeople) GroupMembers(context.Context, string) ([]campaignbot.UserID, error) {
	return nil, campaignbot.Errorf(campaignbot.ENOTFOUND, "no groups", "没有用户组")
}

// previewLines renders reminders as "MM-DD HH:MM kind name offset target zone" in Shanghai time.
func previewLines(t *testing.T, rs []campaignbot.Reminder) []string {
	var out []string
	for _, r := range rs {
		_, name, _ := strings.Cut(r.Source, ":")
		out = append(out, strings.Join([]string{r.At.In(cst(t, "2026-01-01 00:00").Location()).Format("01-02 15:04"), string(r.Kind), name, r.Offset, r.Recipient.String(), r.Zone}, " "))
	}
	return out
}

// TestPreviewListsEveryDigestInRecipientsZones checks the preview
// `campaignbot schedule` and /campaign schedule show, at fixed instants
// (now Tue 2026-10-20 10:00 Shanghai, a 7-day window): every digest in the
// window, not only the 48 hours the reminders table holds, for everyone
// who would get one (owners of open to-dos; leads once their team has an
// overdue to-do; nobody with nothing to read), and milestone DMs, nudges,
// escalations and digests in each recipient's zone (li.na in Los Angeles).
func TestPreviewListsEveryDigestInRecipientsZones(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		cfg := exampleConfig(t)
		todos := storage.NewTodoService(db)
		for _, td := range []campaignbot.Todo{
			{Title: "finish the coupon banner", Assignees: []campaignbot.UserID{"alice"}, Channel: "double11-war-room", Due: cst(t, "2026-10-23 18:00")},
			{Title: "order gift boxes", Assignees: []campaignbot.UserID{"bob"}, Channel: "general", Due: cst(t, "2026-10-21 12:00")},
			{Title: "old news", Assignees: []campaignbot.UserID{"zhang.wei"}, Channel: "general", Due: cst(t, "2026-10-21 12:00"), Status: campaignbot.TodoDone},
			{Title: "brief the live host", Assignees: []campaignbot.UserID{"alice"}, Channel: "double11-war-room", Due: cst(t, "2026-10-28 09:30")},
		} {
			td.Workspace, td.Creator = "T1", "wang.fang"
			if err := todos.CreateTodo(ctx, &td); err != nil {
				t.Fatal(err)
			}
		}
		la := zonedPeople{"li.na": "America/Los_Angeles", "alice": "Asia/Shanghai"}
		tests := []struct {
			name    string
			people  scheduler.People
			want    []string
			notWant []string
			digests int
		}{
			{"zones the bot would use", la, []string{
				// 1d before 10-22 18:00 is 03:00 in Los Angeles: li.na's waits
				// for 09:00 there (00:00 in Shanghai); chen.jie's does not.
				"10-21 18:00 milestone double11/preheat-page-design 1d @chen.jie Asia/Shanghai",
				"10-22 00:00 milestone double11/preheat-page-design 1d @li.na America/Los_Angeles",
				"10-23 00:00 milestone double11/registration-closes 7d @li.na America/Los_Angeles",
				// Digests on every weekday of the window, 09:30 Shanghai
				// (18:30 the evening before in Los Angeles).
				"10-21 09:30 digest alice  @alice Asia/Shanghai",
				"10-23 09:30 digest alice  @alice Asia/Shanghai",
				"10-26 09:30 digest alice  @alice Asia/Shanghai",
				"10-27 09:30 digest bob  @bob Asia/Shanghai",
				// The leads' first digest is the first after bob's #general
				// to-do went overdue (10-21 12:00): Double 11 still runs.
				"10-22 09:30 digest li.na  @li.na America/Los_Angeles",
				"10-22 09:30 digest chen.jie  @chen.jie Asia/Shanghai",
				"10-27 09:30 digest li.na  @li.na America/Los_Angeles",
				// Nudges and escalations, moved out of quiet hours in the
				// recipient's zone.
				"10-20 14:00 todo T1/2 1d @bob Asia/Shanghai",
				"10-21 11:29 todo T1/2 0 @bob Asia/Shanghai",
				"10-22 14:00 escalation T1/2 +1d @chen.jie Asia/Shanghai",
				"10-23 00:00 escalation T1/2 +1d @li.na America/Los_Angeles",
				"10-23 16:00 todo T1/1 2h @alice Asia/Shanghai",
				// T1/1 is due Friday 10-23 18:00: its escalation falls on
				// Saturday in both zones and waits for Monday 09:00 there.
				"10-26 09:00 escalation T1/1 +1d @chen.jie Asia/Shanghai",
				"10-27 00:00 escalation T1/1 +1d @li.na America/Los_Angeles",
				// Due after the window, nudged a day before inside it.
				"10-27 09:30 todo T1/4 1d @alice Asia/Shanghai",
			}, []string{
				"10-21 09:30 digest li.na", "10-21 09:30 digest chen.jie", // nothing overdue yet
				"digest zhang.wei", "digest wang.fang", // nothing open
				"@li.na Asia/Shanghai",
			}, 5 + 5 + 4 + 4},
			{"no directory: everyone in the configured zone", nil, []string{
				"10-21 18:00 milestone double11/preheat-page-design 1d @li.na Asia/Shanghai",
				"10-22 14:00 escalation T1/2 +1d @li.na Asia/Shanghai",
				"10-26 09:30 digest li.na  @li.na Asia/Shanghai",
			}, []string{"America/Los_Angeles"}, 18},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := scheduler.Preview{Config: cfg, People: tt.people, Todos: todos, Now: cst(t, "2026-10-20 10:00")}
				rs, _, err := p.Reminders(ctx, cst(t, "2026-10-20 10:00"), cst(t, "2026-10-27 10:00"))
				if err != nil {
					t.Fatal(err)
				}
				lines := previewLines(t, rs)
				joined := strings.Join(lines, "\n")
				for _, w := range tt.want {
					if !slices.Contains(lines, w) {
						t.Errorf("preview lacks %q:\n%s", w, joined)
					}
				}
				for _, no := range tt.notWant {
					if strings.Contains(joined, no) {
						t.Errorf("preview has %q:\n%s", no, joined)
					}
				}
				digests := 0
				for i, r := range rs {
					if r.Kind == campaignbot.ReminderDigest {
						digests++
					}
					if i > 0 && r.At.Before(rs[i-1].At) {
						t.Errorf("not in time order at %d", i)
					}
				}
				if digests != tt.digests {
					t.Errorf("%d digests, want %d:\n%s", digests, tt.digests, joined)
				}
			})
		}
	})
}
