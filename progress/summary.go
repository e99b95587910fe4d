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
	b.WriteString(tr(campaignbot.Textf("*%s* progress — %s, D-day %s (%s)", "*%s* 进度 — %s，D日 %s（%s）",
		p.Campaign.Name, p.At.In(loc).Format("01-02 15:04"), p.Campaign.DDay.In(loc).Format("01-02 15:04"), scheduler.Countdown(p.At, p.Campaign.DDay, lang))))
	t := p.Total
	b.WriteString("\n" + tr(campaignbot.Textf("To-dos: %d open (%d overdue), %d done (%d on time%s).", "待办：未完成 %d（逾期 %d），已完成 %d（按时 %d%s）。",
		t.Open, t.Overdue, t.Done, t.DoneOnTime, rate(t, lang))))
	groups := func(title campaignbot.Text, gs []campaignbot.ProgressGroup) {
		if len(gs) == 0 {
			return
		}
		b.WriteString("\n" + title.In(lang))
		for i, g := range gs {
			if i == maxRows {
				b.WriteString("\n" + tr(campaignbot.Textf("…and %d more.", "……另有 %d 个。", len(gs)-maxRows)))
				break
			}
			who := "<#" + string(g.Channel) + ">"
			if g.User != "" {
				who = "<@" + string(g.User) + ">"
			}
			fmt.Fprintf(&b, "\n• %s — %s", who, counts(g.ProgressCounts, lang))
		}
	}
	groups(campaignbot.Text{EN: "By channel:", ZH: "按频道："}, p.Departments)
	groups(campaignbot.Text{EN: "By owner:", ZH: "按负责人："}, p.Owners)
	b.WriteString("\n" + tr(campaignbot.Textf("Milestones: %d passed, %d ahead.", "里程碑：已过 %d 个，待进行 %d 个。", len(p.Passed), len(p.Ahead))))
	if n := len(p.Passed); n > 0 {
		m := p.Passed[n-1]
		fmt.Fprintf(&b, "\n✓ %s %s — %s", m.At.In(loc).Format("01-02 15:04"), m.Name, tr(campaignbot.Textf("the latest passed", "最近已过")))
	}
	for i, m := range p.Ahead {
		if i == maxRows {
			b.WriteString("\n" + tr(campaignbot.Textf("…and %d more.", "……另有 %d 个。", len(p.Ahead)-maxRows)))
			break
		}
		fmt.Fprintf(&b, "\n○ %s %s — %s", m.At.In(loc).Format("01-02 15:04"), m.Name, scheduler.Countdown(p.At, m.At, lang))
	}
	return b.String()
}

// counts writes one department's or owner's counts.
func counts(c campaignbot.ProgressCounts, lang campaignbot.Language) string {
	return campaignbot.Textf("%d open, %d overdue, %d done, %d on time", "未完成 %d，逾期 %d，已完成 %d，按时 %d",
		c.Open, c.Overdue, c.Done, c.DoneOnTime).In(lang)
}

// rate is ", 67%": the share of the done to-dos finished on time, or ""
// when none is done.
func rate(c campaignbot.ProgressCounts, lang campaignbot.Language) string {
	if c.Done == 0 {
		return ""
	}
	pct := (c.DoneOnTime*100 + c.Done/2) / c.Done
	return campaignbot.Textf(", %d%%", "，%d%%", pct).In(lang)
}
