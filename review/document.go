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
		Title:      campaignbot.Textf("%s — review (复盘)", "%s — 活动复盘", c.Name).In(lang),
		ChartTitle: campaignbot.Textf("Burn-down of open to-dos and the milestone timeline", "未完成待办燃尽图与里程碑时间线").In(lang),
	}
	t := r.Progress.Total
	d.Summary = append(d.Summary,
		campaignbot.Textf("As of %s (%s). D-day %s; the campaign ended %s.", "统计截至 %s（%s）。D 日 %s；活动结束于 %s。",
			at, loc.String(), c.DDay.In(loc).Format("2006-01-02 15:04"), c.Ends.In(loc).Format("2006-01-02 15:04")).In(lang),
		campaignbot.Textf("To-dos: %d, %d done (%d on time), %d still open (%d overdue). On time: %s.",
			"待办：共 %d 个，已完成 %d 个（按时 %d 个），仍未完成 %d 个（逾期 %d 个）。按时率：%s。",
			t.Open+t.Done, t.Done, t.DoneOnTime, t.Open, t.Overdue, rate(Group{ProgressCounts: t}, lang)).In(lang))

	ms := section{Heading: campaignbot.Textf("Milestones and their reminders", "里程碑与提醒发送情况").In(lang),
		Head: []string{campaignbot.Textf("Milestone", "里程碑").In(lang), campaignbot.Textf("Time", "时间").In(lang),
			campaignbot.Textf("Reminders", "提醒").In(lang)}}
	for _, m := range r.Milestones {
		ms.Rows = append(ms.Rows, []string{m.Milestone.Name, m.Milestone.At.In(loc).Format("2006-01-02 15:04"), delivery(m, lang)})
	}
	d.Sections = append(d.Sections, ms)

	groupHead := []string{"", campaignbot.Textf("To-dos", "待办").In(lang), campaignbot.Textf("Done", "已完成").In(lang),
		campaignbot.Textf("Done on time", "按时完成").In(lang), campaignbot.Textf("Open", "未完成").In(lang),
		campaignbot.Textf("Overdue", "逾期").In(lang), campaignbot.Textf("On-time rate", "按时率").In(lang),
		campaignbot.Textf("Longest overdue", "最长逾期").In(lang)}
	owners := section{Heading: campaignbot.Textf("To-dos by owner", "按负责人统计待办").In(lang), Head: groupHead}
	owners.Head[0] = campaignbot.Textf("Owner", "负责人").In(lang)
	for _, g := range r.Owners {
		owners.Rows = append(owners.Rows, groupRow(g, lang))
	}
	d.Sections = append(d.Sections, owners)
	depts := section{Heading: campaignbot.Textf("To-dos by department (channel)", "按部门（频道）统计待办").In(lang), Head: append([]string{}, groupHead...)}
	depts.Head[0] = campaignbot.Textf("Channel", "频道").In(lang)
	for _, g := range r.Departments {
		depts.Rows = append(depts.Rows, groupRow(g, lang))
	}
	if p := r.PrivateDepartments; p.Open+p.Done > 0 {
		p.Label = campaignbot.Textf("private channels", "私密频道").In(lang)
		depts.Rows = append(depts.Rows, groupRow(p, lang))
	}
	d.Sections = append(d.Sections, depts)

	late := section{Heading: campaignbot.Textf("Longest overdue to-dos", "逾期最久的待办").In(lang)}
	for _, l := range r.Overdue {
		title := l.Title
		if title == "" {
			title = campaignbot.Textf("(a to-do of a private channel)", "（私密频道中的待办）").In(lang)
		}
		state := campaignbot.Textf("done %s late", "完成时已逾期 %s", span(l.By, lang)).In(lang)
		if l.Open {
			state = campaignbot.Textf("still open, %s overdue", "仍未完成，已逾期 %s", span(l.By, lang)).In(lang)
		}
		late.Lines = append(late.Lines, fmt.Sprintf("#%d %s — %s — %s", l.Number, title, strings.Join(l.Owners, ", "), state))
	}
	if len(late.Lines) == 0 {
		late.Lines = []string{campaignbot.Textf("No to-do was late.", "没有逾期的待办。").In(lang)}
	}
	d.Sections = append(d.Sections, late)

	files := section{Heading: campaignbot.Textf("Files added to the knowledge base", "新增到知识库的文件").In(lang),
		Head: []string{campaignbot.Textf("Folder", "文件夹").In(lang), campaignbot.Textf("Files", "文件数").In(lang),
			campaignbot.Textf("Names", "文件名").In(lang)}}
	for _, f := range r.Folders {
		names := f.Files
		more := ""
		if len(names) > MaxFolderFiles {
			more = campaignbot.Textf(" and %d more", " 等另外 %d 个", len(names)-MaxFolderFiles).In(lang)
			names = names[:MaxFolderFiles]
		}
		files.Rows = append(files.Rows, []string{string(f.Path), fmt.Sprint(len(f.Files)), strings.Join(names, ", ") + more})
	}
	if h := r.Restricted; h.Files > 0 {
		files.Lines = append(files.Lines, campaignbot.Textf("Restricted folders: %d files in %d folders (not named here).",
			"受限文件夹：%d 个文件，分布在 %d 个文件夹中（此处不列名称）。", h.Files, h.Folders).In(lang))
	}
	if len(files.Rows) == 0 && len(files.Lines) == 0 {
		files.Lines = []string{campaignbot.Textf("No files were added during the campaign.", "活动期间没有新增文件。").In(lang)}
	}
	d.Sections = append(d.Sections, files)
	return d
}

// delivery says how a milestone's reminders went: ✓ sent, ⚠ failed with
// the reasons, · none sent.
func delivery(m MilestoneLine, lang campaignbot.Language) string {
	var parts []string
	if m.Sent > 0 {
		parts = append(parts, campaignbot.Textf("✓ %d sent", "✓ 已发送 %d 条", m.Sent).In(lang))
	}
	if m.Failed > 0 {
		parts = append(parts, campaignbot.Textf("⚠ %d failed: %s", "⚠ %d 条失败：%s", m.Failed, strings.Join(m.Reasons, "; ")).In(lang))
	}
	if m.Sent == 0 && m.Failed == 0 {
		parts = append(parts, campaignbot.Textf("· none sent", "· 未发送").In(lang))
	}
	if m.Pending > 0 {
		parts = append(parts, campaignbot.Textf("%d still planned", "%d 条仍在计划中", m.Pending).In(lang))
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
	return campaignbot.Textf("%.0f%% (%d of %d)", "%.0f%%（%d/%d）", r*100, g.DoneOnTime, g.Done+g.Overdue).In(lang)
}

// span writes a duration in days and hours, or hours and minutes when
// shorter than a day.
func span(d time.Duration, lang campaignbot.Language) string {
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	if days > 0 {
		return campaignbot.Textf("%dd %dh", "%d 天 %d 小时", days, hours).In(lang)
	}
	return campaignbot.Textf("%dh %dm", "%d 小时 %d 分", hours, int(d%time.Hour/time.Minute)).In(lang)
}
