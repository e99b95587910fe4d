package progress

import (
	"fmt"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/scheduler"
)

// maxRows caps the departments, owners and milestones listed.
const maxRows = 15

// Summary writes p as text in lang, with times in loc: the totals, each
// department and owner, and the milestones passed and ahead.
func Summary(p campaignbot.Progress, lang campaignbot.Language, loc *time.Location) string {
	tr := func(t campaignbot.Text) string { return t.In(lang) }
	var b strings.Builder
	b.WriteString(tr(campaignbot.T("progress.progress-d-day", p.Campaign.Name, p.At.In(loc).Format("01-02 15:04"), p.Campaign.DDay.In(loc).Format("01-02 15:04"), scheduler.Countdown(p.At, p.Campaign.DDay, lang))))
	t := p.Total
	b.WriteString("\n" + tr(campaignbot.T("progress.to-dos-open-overdue-done-on", t.Open, t.Overdue, t.Done, t.DoneOnTime, rate(t, lang))))
	groups := func(title campaignbot.Text, gs []campaignbot.ProgressGroup) {
		if len(gs) == 0 {
			return
		}
		b.WriteString("\n" + title.In(lang))
		for i, g := range gs {
			if i == maxRows {
				b.WriteString("\n" + tr(campaignbot.T("progress.and-more", len(gs)-maxRows)))
				break
			}
			who := "<#" + string(g.Channel) + ">"
			if g.User != "" {
				who = "<@" + string(g.User) + ">"
			}
			fmt.Fprintf(&b, "\n• %s — %s", who, counts(g.ProgressCounts, lang))
		}
	}
	groups(campaignbot.T("progress.by-channel"), p.Departments)
	groups(campaignbot.T("progress.by-owner"), p.Owners)
	b.WriteString("\n" + tr(campaignbot.T("progress.milestones-passed-ahead", len(p.Passed), len(p.Ahead))))
	if n := len(p.Passed); n > 0 {
		m := p.Passed[n-1]
		fmt.Fprintf(&b, "\n✓ %s %s — %s", m.At.In(loc).Format("01-02 15:04"), m.Name, tr(campaignbot.T("progress.the-latest-passed")))
	}
	for i, m := range p.Ahead {
		if i == maxRows {
			b.WriteString("\n" + tr(campaignbot.T("progress.and-more", len(p.Ahead)-maxRows)))
			break
		}
		fmt.Fprintf(&b, "\n○ %s %s — %s", m.At.In(loc).Format("01-02 15:04"), m.Name, scheduler.Countdown(p.At, m.At, lang))
	}
	return b.String()
}

// counts writes one department's or owner's counts.
func counts(c campaignbot.ProgressCounts, lang campaignbot.Language) string {
	return campaignbot.T("progress.open-overdue-done-on-time", c.Open, c.Overdue, c.Done, c.DoneOnTime).In(lang)
}

// rate is ", 67%": the share of the done to-dos finished on time, or ""
// when none is done.
func rate(c campaignbot.ProgressCounts, lang campaignbot.Language) string {
	if c.Done == 0 {
		return ""
	}
	pct := (c.DoneOnTime*100 + c.Done/2) / c.Done
	return campaignbot.T("progress.text", pct).In(lang)
}
