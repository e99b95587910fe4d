package scheduler_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
)

// nationalDay and its Chinese name are the reason the CN calendar gives
// for 2026-10-01..07.
var nationalDay = campaignbot.Text{EN: "National Day holiday", ZH: "国庆节"}

// calendarOf parses a config with the given calendar section and returns
// its calendar.
func calendarOf(t *testing.T, section string) *campaignbot.Calendar {
	t.Helper()
	return parseConfig(t, "console:\n  users: [{name: li.na}]\nadmins: [li.na]\n"+section).Calendar
}

// TestWorkdayShift checks the rule on pinned instants around the 2026
// National Day holiday (10-01..07 off; Sunday 09-20 and Saturday 10-10
// worked; Friday 09-25 the Mid-Autumn Festival): a reminder on a day off
// goes to the next working day's start, the end of the morning quiet
// span, unless that is at or after its deadline; then to the last working
// day before, a minute before its evening quiet span.
func TestWorkdayShift(t *testing.T) {
	sh := mustLoc(t, "Asia/Shanghai")
	ny := mustLoc(t, "America/New_York")
	cn := calendarOf(t, "calendar: {region: CN}\n")
	weekends := calendarOf(t, "calendar: {region: \"\"}\n")
	company := calendarOf(t, "calendar: {region: CN, holidays: [\"2026-12-31 year-end party\"]}\n")
	at := func(loc *time.Location, s string) time.Time {
		t.Helper()
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name     string
		cal      *campaignbot.Calendar
		loc      *time.Location
		windows  []config.QuietWindow
		t        string
		deadline string
		want     string
		reason   campaignbot.Text // zero: t stays
	}{
		{"holiday to the next working day's start", cn, sh, defaultQuiet, "2026-10-03 18:00", "2026-10-09 18:00", "2026-10-08 09:00", nationalDay},
		{"the holiday's first day", cn, sh, defaultQuiet, "2026-10-01 09:00", "2026-10-09 18:00", "2026-10-08 09:00", nationalDay},
		{"no deadline goes forward", cn, sh, defaultQuiet, "2026-10-07 23:00", "", "2026-10-08 09:00", nationalDay},
		{"next start after the deadline: back to 09-30's evening", cn, sh, defaultQuiet, "2026-10-05 18:00", "2026-10-05 18:00", "2026-09-30 20:59", nationalDay},
		{"next start at the deadline counts as after", cn, sh, defaultQuiet, "2026-10-07 18:00", "2026-10-08 09:00", "2026-09-30 20:59", nationalDay},
		{"a minute before the deadline goes forward", cn, sh, defaultQuiet, "2026-10-07 18:00", "2026-10-08 09:01", "2026-10-08 09:00", nationalDay},
		{"makeup Saturday 10-10 is worked", cn, sh, defaultQuiet, "2026-10-10 18:00", "2026-10-11 18:00", "2026-10-10 18:00", campaignbot.Text{}},
		{"makeup Sunday 09-20 is worked", cn, sh, defaultQuiet, "2026-09-20 10:00", "", "2026-09-20 10:00", campaignbot.Text{}},
		{"Sunday after the makeup Saturday: back to it", cn, sh, defaultQuiet, "2026-10-11 16:00", "2026-10-11 18:00", "2026-10-10 20:59", campaignbot.Text{EN: "weekend", ZH: "周末"}},
		{"Mid-Autumn Friday to Monday", cn, sh, defaultQuiet, "2026-09-25 10:00", "2026-10-09 18:00", "2026-09-28 09:00", campaignbot.Text{EN: "Mid-Autumn Festival holiday", ZH: "中秋节"}},
		{"an ordinary weekday stays", cn, sh, defaultQuiet, "2026-10-09 10:00", "2026-10-09 18:00", "2026-10-09 10:00", campaignbot.Text{}},
		{"weekends only: Saturday to Monday", weekends, sh, defaultQuiet, "2026-10-10 18:00", "2026-10-12 18:00", "2026-10-12 09:00", campaignbot.Text{EN: "weekend", ZH: "周末"}},
		{"weekends only: National Day is worked", weekends, sh, defaultQuiet, "2026-10-01 18:00", "", "2026-10-01 18:00", campaignbot.Text{}},
		{"company day off", company, sh, defaultQuiet, "2026-12-31 10:00", "2027-01-05 18:00", "2027-01-04 09:00", campaignbot.Text{EN: "year-end party", ZH: "year-end party"}},
		{"without quiet hours: 09:00", cn, sh, nil, "2026-10-03 18:00", "2026-10-09 18:00", "2026-10-08 09:00", nationalDay},
		{"without quiet hours: back to 17:59", cn, sh, nil, "2026-10-05 18:00", "2026-10-05 18:00", "2026-09-30 17:59", nationalDay},
		{"own quiet hours bound the day", cn, sh, []config.QuietWindow{{Start: 0, End: 7*60 + 30}, {Start: 22 * 60, End: 24 * 60}},
			"2026-10-03 18:00", "2026-10-09 18:00", "2026-10-08 07:30", nationalDay},
		{"own quiet hours bound the day, back", cn, sh, []config.QuietWindow{{Start: 0, End: 7*60 + 30}, {Start: 22 * 60, End: 24 * 60}},
			"2026-10-05 18:00", "2026-10-05 18:00", "2026-09-30 21:59", nationalDay},
		// 2026-10-08 08:00 in Shanghai is 10-07 20:00 in New York: still
		// the holiday there, by the recipient's date.
		{"the recipient's date", cn, ny, defaultQuiet, "2026-10-07 20:00", "", "2026-10-08 09:00", nationalDay},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var deadline time.Time
			if tt.deadline != "" {
				deadline = at(tt.loc, tt.deadline)
			}
			got, reason, moved := scheduler.WorkdayShift(at(tt.loc, tt.t), deadline, tt.loc, tt.windows, tt.cal)
			if want := at(tt.loc, tt.want); !got.Equal(want) || !sameText(reason, tt.reason) || moved == tt.reason.IsZero() {
				t.Errorf("WorkdayShift(%s) = %s, %q, %v; want %s, %q", tt.t, got.In(tt.loc).Format("2006-01-02 15:04"), reason.In(campaignbot.English), moved, tt.want, tt.reason.In(campaignbot.English))
			}
		})
	}
}

// nudgeYAML is a to-do setup with one lead; %s is the calendar section
// and %r the remind_before list.
const nudgeYAML = `
console:
  users: [{name: alice}, {name: li.na}]
  channels: [{name: war-room}]
admins: [li.na]
%s
todos: {remind_before: [%r], escalate_after: 24h}
campaigns:
  - id: d11
    name: Double 11
    channel: war-room
    leads: [li.na]
    d_day: 2026-11-11 00:00
`

// nudgeLines renders a to-do's reminders as "kind offset@MM-DD HH:MM",
// followed by " quiet" when quiet hours moved it and by the English and
// Chinese of what the calendar moved it for.
func nudgeLines(rs []campaignbot.Reminder, loc *time.Location) []string {
	var out []string
	for _, r := range rs {
		line := string(r.Kind) + " " + r.Offset + "@" + r.At.In(loc).Format("01-02 15:04")
		if r.Shifted {
			line += " quiet"
		}
		if !r.Moved.IsZero() {
			line += " " + r.Moved.In(campaignbot.English) + " | " + r.Moved.In(campaignbot.Chinese)
		}
		out = append(out, line)
	}
	slices.Sort(out)
	return out
}

// TestNudgesAroundGoldenWeek plans the nudges and escalation of one
// to-do at pinned instants around the 2026 National Day holiday.
func TestNudgesAroundGoldenWeek(t *testing.T) {
	const cn = "calendar: {region: CN}"
	tests := []struct {
		name     string
		calendar string
		remind   string
		since    string // when the to-do got its due time
		due      string
		snoozed  string
		want     []string
	}{
		{"due 10-09 18:00: the 6d nudge on 10-03 waits for 10-08's start", cn, "6d, 24h", "2026-09-28 10:00", "2026-10-09 18:00", "", []string{
			"escalation +1d@10-10 18:00",
			"todo 0@10-09 18:00",
			"todo 1d@10-08 18:00",
			"todo 6d@10-08 09:00 moved: National Day holiday | 顺延：国庆节",
		}},
		{"due in the holiday: every nudge moves back to 09-30's evening", cn, "24h, 2h", "2026-09-28 10:00", "2026-10-05 18:00", "", []string{
			"escalation +1d@10-08 09:00 moved: National Day holiday | 顺延：国庆节",
			"todo 1d+2h+0@09-30 20:59 moved earlier: National Day holiday | 提前：国庆节",
		}},
		{"due 10-08 08:30: quiet hours and the holiday both move back", cn, "24h", "2026-09-28 10:00", "2026-10-08 08:30", "", []string{
			"escalation +1d@10-09 09:00 quiet",
			"todo 1d+0@09-30 20:59 quiet moved earlier: National Day holiday | 提前：国庆节",
		}},
		{"a quiet-hours move onto the holiday moves on", cn, "212h", "2026-09-28 10:00", "2026-10-09 18:00", "", []string{
			"escalation +1d@10-10 18:00",
			"todo 0@10-09 18:00",
			"todo 212h@10-08 09:00 quiet moved: National Day holiday | 顺延：国庆节",
		}},
		{"the makeup Saturday keeps its nudge; Sunday's go back to it", cn, "24h, 2h", "2026-09-28 10:00", "2026-10-11 18:00", "", []string{
			"escalation +1d@10-12 18:00",
			"todo 1d@10-10 18:00",
			"todo 2h+0@10-10 20:59 moved earlier: weekend | 提前：周末",
		}},
		{"escalation on a holiday", cn, "24h", "2026-09-28 10:00", "2026-09-30 18:00", "", []string{
			"escalation +1d@10-08 09:00 moved: National Day holiday | 顺延：国庆节",
			"todo 0@09-30 18:00",
			"todo 1d@09-29 18:00",
		}},
		{"planned in the holiday, overdue since 09-30: escalated on 10-08", cn, "24h", "2026-10-03 10:00", "2026-09-30 18:00", "", []string{
			"escalation +1d@10-08 09:00 moved: National Day holiday | 顺延：国庆节",
		}},
		{"given a holiday due date in the holiday: nudged on the days", cn, "24h, 2h", "2026-10-02 10:00", "2026-10-05 18:00", "", []string{
			"escalation +1d@10-08 09:00 moved: National Day holiday | 顺延：国庆节",
			"todo 0@10-05 18:00",
			"todo 1d@10-04 18:00",
			"todo 2h@10-05 16:00",
		}},
		{"a snooze ends when it was asked to", cn, "24h", "2026-09-28 10:00", "2026-10-09 18:00", "2026-10-03 10:00", []string{
			"escalation +1d@10-10 18:00",
			"todo 0@10-09 18:00",
			"todo 1d@10-08 18:00",
			"todo snooze@20261003T0200@10-03 10:00",
		}},
		{"weekends only: Saturday's and Sunday's nudges go to Monday", "calendar: {region: \"\"}", "2d, 24h", "2026-09-28 10:00", "2026-10-12 18:00", "", []string{
			"escalation +1d@10-13 18:00",
			"todo 0@10-12 18:00",
			"todo 2d+1d@10-12 09:00 moved: weekend | 顺延：周末",
		}},
		{"weekends only: the holiday is a working day", "calendar: {region: \"\"}", "24h, 2h", "2026-09-28 10:00", "2026-10-05 18:00", "", []string{
			"escalation +1d@10-06 18:00",
			"todo 0@10-05 18:00",
			"todo 1d@10-05 09:00 moved: weekend | 顺延：周末",
			"todo 2h@10-05 16:00",
		}},
		{"move_reminders: false sends on the day", "calendar: {region: CN, move_reminders: false}", "24h, 2h", "2026-09-28 10:00", "2026-10-05 18:00", "", []string{
			"escalation +1d@10-06 18:00",
			"todo 0@10-05 18:00",
			"todo 1d@10-04 18:00",
			"todo 2h@10-05 16:00",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yaml := strings.Replace(strings.Replace(nudgeYAML, "%s", tt.calendar, 1), "%r", tt.remind, 1)
			cfg := parseConfig(t, yaml)
			todo := &campaignbot.Todo{Workspace: "T1", Number: 1, Title: "x", Assignees: []campaignbot.UserID{"alice"},
				Creator: "li.na", Channel: "war-room", Due: cst(t, tt.due), Status: campaignbot.TodoOpen}
			if tt.snoozed != "" {
				todo.SnoozedUntil = cst(t, tt.snoozed)
			}
			since := cst(t, tt.since)
			rs := scheduler.TodoReminders(context.Background(), cfg, todo, since, since.AddDate(0, 1, 0), shanghai)
			if got := nudgeLines(rs, since.Location()); !slices.Equal(got, tt.want) {
				t.Errorf("reminders\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestMilestonesAroundGoldenWeek plans milestones in and around the 2026
// National Day holiday: a non-urgent one's reminders leave the holiday,
// an urgent one's stay, and the makeup Saturday is a working day.
func TestMilestonesAroundGoldenWeek(t *testing.T) {
	cfg := parseConfig(t, `
console:
  users: [{name: li.na}]
  channels: [{name: war-room}]
admins: [li.na]
calendar: {region: CN}
campaigns:
  - id: d11
    name: Double 11
    channel: war-room
    leads: [li.na]
    d_day: 2026-11-11 00:00
    milestones:
      - {id: samples, name: Samples arrive, at: 2026-10-05 10:00, offsets: [1d, 0, -1d]}
      - {id: live, name: Live test, at: 2026-10-03 10:00, offsets: [1d, 0], urgent: true}
      - {id: coupons, name: Coupons, at: 2026-10-10 10:00, offsets: [1d, 0]}
`)
	plans, problems := scheduler.MilestoneReminders(context.Background(), cfg, nil)
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	tests := []struct {
		milestone string
		want      []string
	}{
		{"samples", []string{
			// After the milestone there is no deadline: forward to 10-08.
			"milestone -1d@10-08 09:00 moved: National Day holiday | 顺延：国庆节",
			"milestone 1d+0@09-30 20:59 moved earlier: National Day holiday | 提前：国庆节",
		}},
		{"live", []string{"milestone 0@10-03 10:00", "milestone 1d@10-02 10:00"}},
		{"coupons", []string{"milestone 0@10-10 10:00", "milestone 1d@10-09 10:00"}},
	}
	for _, tt := range tests {
		rs := plans[scheduler.MilestoneSource("d11", tt.milestone)]
		if got := nudgeLines(rs, cfg.Timezone); !slices.Equal(got, tt.want) {
			t.Errorf("%s:\n%s\nwant\n%s", tt.milestone, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
	// A milestone added in chat during the holiday, for a day of it, keeps
	// its reminders on their days off: moved back before the holiday they
	// would be in the past when it was added, and never sent.
	added := campaignbot.MilestoneOverride{CampaignID: "d11", MilestoneID: "hotfix", Kind: campaignbot.OverrideAdded,
		Name: "Hotfix review", At: cst(t, "2026-10-05 15:00"), Offsets: []time.Duration{24 * time.Hour, 0},
		Notify: campaignbot.Audience{Channel: true}, ChangedBy: "li.na", ChangedAt: cst(t, "2026-10-02 11:00")}
	merged, stale := campaignbot.MergeOverrides(cfg.Campaigns, []campaignbot.MilestoneOverride{added})
	if len(stale) != 0 {
		t.Fatal(stale)
	}
	withAdded := *cfg
	withAdded.Campaigns = merged
	plans, problems = scheduler.MilestoneReminders(context.Background(), &withAdded, nil)
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	want := []string{"milestone 0@10-05 15:00", "milestone 1d@10-04 15:00"}
	if got := nudgeLines(plans[scheduler.MilestoneSource("d11", "hotfix")], cfg.Timezone); !slices.Equal(got, want) {
		t.Errorf("a milestone added during the holiday:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Added before the holiday, the same milestone's reminders move back.
	added.ChangedAt = cst(t, "2026-09-28 11:00")
	merged, _ = campaignbot.MergeOverrides(cfg.Campaigns, []campaignbot.MilestoneOverride{added})
	withAdded.Campaigns = merged
	plans, _ = scheduler.MilestoneReminders(context.Background(), &withAdded, nil)
	want = []string{"milestone 1d+0@09-30 20:59 moved earlier: National Day holiday | 提前：国庆节"}
	if got := nudgeLines(plans[scheduler.MilestoneSource("d11", "hotfix")], cfg.Timezone); !slices.Equal(got, want) {
		t.Errorf("a milestone added before the holiday:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	plans, _ = scheduler.MilestoneReminders(context.Background(), cfg, nil)

	// The countdown is told from where the reminder went.
	for _, r := range plans[scheduler.MilestoneSource("d11", "samples")] {
		want := map[string]string{"-1d": "3 days ago", "1d+0": "in 5 days"}[r.Offset]
		if !strings.Contains(r.Message.Text, want) {
			t.Errorf("%s says %q, want %q", r.Key, r.Message.Text, want)
		}
	}
}

// TestExampleWorksTheWarmUpSaturday checks the example config's company
// workday, Saturday 2026-10-31 (the warm-up starts at 20:00): the stand-up
// and the digest run that day and the warm-up's reminder stays on it,
// while the post-sale review on Saturday 11-14 10:00, not listed, is
// reminded on Friday at 20:59.
func TestExampleWorksTheWarmUpSaturday(t *testing.T) {
	cfg := exampleConfig(t)
	from, until := cst(t, "2026-10-31 00:00"), cst(t, "2026-11-01 00:00")
	jobs, problems := scheduler.JobReminders(cfg, from, until)
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	if got := days(t, jobs["job:standup"], "09:00"); got != "10-31 Sat" {
		t.Errorf("stand-ups %q, want 10-31 Sat", got)
	}
	digests, err := scheduler.DigestReminders(cfg, map[campaignbot.UserID]bool{"li.na": true}, from, until, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	if got := days(t, digests[scheduler.DigestSource("li.na")], "09:30"); got != "10-31 Sat" {
		t.Errorf("digests %q, want 10-31 Sat", got)
	}
	plans, _ := scheduler.MilestoneReminders(context.Background(), cfg, nil)
	for source, want := range map[string][]string{
		scheduler.MilestoneSource("double11", "warm-up"): {"milestone 0@10-31 20:00", "milestone 1d@10-30 20:00"},
		scheduler.MilestoneSource("double11", "post-sale-review"): {
			"milestone 0@11-13 20:59 moved earlier: weekend | 提前：周末",
			"milestone 0@11-13 20:59 moved earlier: weekend | 提前：周末",
			"milestone 0@11-13 20:59 moved earlier: weekend | 提前：周末",
			"milestone 1d@11-13 10:00",
			"milestone 1d@11-13 10:00",
			"milestone 1d@11-13 10:00",
		},
	} {
		if got := nudgeLines(plans[source], cfg.Timezone); !slices.Equal(got, want) {
			t.Errorf("%s:\n%s\nwant\n%s", source, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestDigestsKeepTheirDays checks that days off do not move digests: with
// todos.digest_on: any, the weekday digest goes out in the National Day
// holiday at its time, as its cron spec says.
func TestDigestsKeepTheirDays(t *testing.T) {
	yaml := strings.Replace(strings.Replace(nudgeYAML, "%s", "calendar: {region: CN}", 1), "%r", "24h", 1)
	cfg := parseConfig(t, strings.Replace(yaml, "escalate_after: 24h}", "escalate_after: 24h, digest_on: any}", 1))
	digests, err := scheduler.DigestReminders(cfg, map[campaignbot.UserID]bool{"alice": true}, cst(t, "2026-10-01 00:00"), cst(t, "2026-10-03 00:00"), shanghai)
	if err != nil {
		t.Fatal(err)
	}
	rs := digests[scheduler.DigestSource("alice")]
	if got := days(t, rs, "09:30"); got != "10-01 Thu,10-02 Fri" {
		t.Errorf("digests on %s, want 10-01 Thu,10-02 Fri", got)
	}
	for _, r := range rs {
		if !r.Moved.IsZero() {
			t.Errorf("%s says %q", r.Key, r.Moved.In(campaignbot.English))
		}
	}
}

// TestAckRepingMovesOffTheHoliday: a re-ping asked for a day after a
// milestone reminder of 09-30 falls on 10-01, in the National Day holiday,
// and moves to 10-08 at the day's start, as nudges do; the reminder
// itself stays.
func TestAckRepingMovesOffTheHoliday(t *testing.T) {
	cfg := parseConfig(t, `
console:
  users: [{name: li.na}]
  channels: [{name: war-room}]
admins: [li.na]
calendar: {region: CN}
campaigns:
  - id: d11
    name: Double 11
    channel: war-room
    leads: [li.na]
    d_day: 2026-11-11 00:00
    milestones:
      - {id: stock, name: Stock check, at: 2026-09-30 10:00, offsets: [0], notify: {leads: true}, ack: {required: true, reping_after: 24h}}
`)
	plans, problems := scheduler.MilestoneReminders(context.Background(), cfg, nil)
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	var got []string
	for _, r := range plans[scheduler.MilestoneSource("d11", "stock")] {
		got = append(got, string(r.Kind)+" "+r.At.In(cfg.Timezone).Format("01-02 15:04")+" "+r.Moved.In(campaignbot.English))
	}
	slices.Sort(got)
	want := []string{"ack-reping 10-08 09:00 moved: National Day holiday", "milestone 09-30 10:00 "}
	if !slices.Equal(got, want) {
		t.Errorf("planned:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// sameText reports whether a and b read the same in English and Chinese,
// whether they come from the catalogs or from data.
func sameText(a, b campaignbot.Text) bool {
	return a.In(campaignbot.English) == b.In(campaignbot.English) && a.In(campaignbot.Chinese) == b.In(campaignbot.Chinese)
}
