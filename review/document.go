package review

import (
	"fmt"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
)

// document is a review laid out in its language, for Markdown and HTML
// alike: a title, a summary and sections of tables and lines.
type document struct {
	Title    string
	Summary  []string
	Sections []section
	// ChartTitle labels the chart.
	ChartTitle string
}

// section is a heading with a table, lines, or both.
type section struct {
	Heading string
	Head    []string
	Rows    [][]string
	Lines   []string
}

// layout lays r out in its language with times in its zone.
func layout(r *Report) document {
	lang, loc := r.Language, r.Location
	c := r.Campaign
	at := r.At.In(loc).Format("2006-01-02 15:04")
	d := document{
		Title:      campaignbot.T("review.review-821b60", c.Name).In(lang),
		ChartTitle: campaignbot.T("review.burn-down-of-open-to-dos").In(lang),
	}
	t := r.Progress.Total
	d.Summary = append(d.Summary,
		campaignbot.T("review.as-of-d-day-the-campaign", at, loc.String(), c.DDay.In(loc).Format("2006-01-02 15:04"), c.Ends.In(loc).Format("2006-01-02 15:04")).In(lang),
		campaignbot.T("review.to-dos-done-on-time-still", t.Open+t.Done, t.Done, t.DoneOnTime, t.Open, t.Overdue, rate(Group{ProgressCounts: t}, lang)).In(lang))

	ms := section{Heading: campaignbot.T("review.milestones-and-their-reminders").In(lang),
		Head: []string{campaignbot.T("review.milestone").In(lang), campaignbot.T("review.time").In(lang),
			campaignbot.T("review.reminders").In(lang)}}
	for _, m := range r.Milestones {
		ms.Rows = append(ms.Rows, []string{m.Milestone.Name, m.Milestone.At.In(loc).Format("2006-01-02 15:04"), delivery(m, lang)})
	}
	d.Sections = append(d.Sections, ms)

	groupHead := []string{"", campaignbot.T("review.to-dos").In(lang), campaignbot.T("review.done").In(lang),
		campaignbot.T("review.done-on-time").In(lang), campaignbot.T("review.open").In(lang),
		campaignbot.T("review.overdue").In(lang), campaignbot.T("review.on-time-rate").In(lang),
		campaignbot.T("review.longest-overdue").In(lang)}
	owners := section{Heading: campaignbot.T("review.to-dos-by-owner").In(lang), Head: groupHead}
	owners.Head[0] = campaignbot.T("review.owner").In(lang)
	for _, g := range r.Owners {
		owners.Rows = append(owners.Rows, groupRow(g, lang))
	}
	d.Sections = append(d.Sections, owners)
	depts := section{Heading: campaignbot.T("review.to-dos-by-department-channel").In(lang), Head: append([]string{}, groupHead...)}
	depts.Head[0] = campaignbot.T("review.channel").In(lang)
	for _, g := range r.Departments {
		depts.Rows = append(depts.Rows, groupRow(g, lang))
	}
	if p := r.PrivateDepartments; p.Open+p.Done > 0 {
		p.Label = campaignbot.T("review.private-channels").In(lang)
		depts.Rows = append(depts.Rows, groupRow(p, lang))
	}
	d.Sections = append(d.Sections, depts)

	late := section{Heading: campaignbot.T("review.longest-overdue-to-dos").In(lang)}
	for _, l := range r.Overdue {
		title := l.Title
		if title == "" {
			title = campaignbot.T("review.a-to-do-of-a-private").In(lang)
		}
		state := campaignbot.T("review.done-late", span(l.By, lang)).In(lang)
		if l.Open {
			state = campaignbot.T("review.still-open-overdue", span(l.By, lang)).In(lang)
		}
		late.Lines = append(late.Lines, fmt.Sprintf("#%d %s — %s — %s", l.Number, title, strings.Join(l.Owners, ", "), state))
	}
	if len(late.Lines) == 0 {
		late.Lines = []string{campaignbot.T("review.no-to-do-was-late").In(lang)}
	}
	d.Sections = append(d.Sections, late)

	files := section{Heading: campaignbot.T("review.files-added-to-the-knowledge-base").In(lang),
		Head: []string{campaignbot.T("review.folder").In(lang), campaignbot.T("review.files").In(lang),
			campaignbot.T("review.names").In(lang)}}
	for _, f := range r.Folders {
		names := f.Files
		more := ""
		if len(names) > MaxFolderFiles {
			more = campaignbot.T("review.and-more", len(names)-MaxFolderFiles).In(lang)
			names = names[:MaxFolderFiles]
		}
		files.Rows = append(files.Rows, []string{string(f.Path), fmt.Sprint(len(f.Files)), strings.Join(names, ", ") + more})
	}
	if h := r.Restricted; h.Files > 0 {
		files.Lines = append(files.Lines, campaignbot.T("review.restricted-folders-files-in-folders-not", h.Files, h.Folders).In(lang))
	}
	if len(files.Rows) == 0 && len(files.Lines) == 0 {
		files.Lines = []string{campaignbot.T("review.no-files-were-added-during-the").In(lang)}
	}
	d.Sections = append(d.Sections, files)
	return d
}

// delivery says how a milestone's reminders went: ✓ sent, ⚠ failed with
// the reasons, · none sent.
func delivery(m MilestoneLine, lang campaignbot.Language) string {
	var parts []string
	if m.Sent > 0 {
		parts = append(parts, campaignbot.T("review.sent", m.Sent).In(lang))
	}
	if m.Failed > 0 {
		parts = append(parts, campaignbot.T("review.failed", m.Failed, strings.Join(m.Reasons, "; ")).In(lang))
	}
	if m.Sent == 0 && m.Failed == 0 {
		parts = append(parts, campaignbot.T("review.none-sent").In(lang))
	}
	if m.Pending > 0 {
		parts = append(parts, campaignbot.T("review.still-planned", m.Pending).In(lang))
	}
	return strings.Join(parts, " · ")
}

// groupRow is one row of a to-do table.
func groupRow(g Group, lang campaignbot.Language) []string {
	longest := "—"
	if g.LongestOverdue > 0 {
		longest = span(g.LongestOverdue, lang)
	}
	return []string{g.Label, fmt.Sprint(g.Open + g.Done), fmt.Sprint(g.Done), fmt.Sprint(g.DoneOnTime), fmt.Sprint(g.Open),
		fmt.Sprint(g.Overdue), rate(g, lang), longest}
}

// rate writes a group's on-time rate, "—" when nothing was due.
func rate(g Group, lang campaignbot.Language) string {
	r, ok := g.OnTime()
	if !ok {
		return "—"
	}
	return campaignbot.T("review.of", r*100, g.DoneOnTime, g.Done+g.Overdue).In(lang)
}

// span writes a duration in days and hours, or hours and minutes when
// shorter than a day.
func span(d time.Duration, lang campaignbot.Language) string {
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	if days > 0 {
		return campaignbot.T("review.d-h", days, hours).In(lang)
	}
	return campaignbot.T("review.h-m", hours, int(d%time.Hour/time.Minute)).In(lang)
}
