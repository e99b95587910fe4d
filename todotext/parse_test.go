package todotext

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

func TestParse(t *testing.T) {
	type U = campaignbot.UserID
	tests := []struct {
		name      string
		now       time.Time // zero means Tuesday 2026-10-20 10:00 Shanghai
		text      string
		title     string
		assignees []U
		groups    []string
		due       time.Time
		phrase    string
		dateOnly  bool
		priority  campaignbot.Priority
		milestone string
		unknown   []string
		tags      []string
	}{
		{
			name:  "english mention and phrase",
			text:  "<@UBOT> <@U1> <@U2|bob> finalize the coupon banner by tomorrow 6pm",
			title: "finalize the coupon banner", assignees: []U{"U1", "U2"},
			due: time.Date(2026, 10, 21, 18, 0, 0, 0, shanghai), phrase: "by tomorrow 6pm",
		},
		{
			name:  "slash command with due",
			text:  "<@alice> finalize the coupon banner due 10/29 18:00",
			title: "finalize the coupon banner", assignees: []U{"alice"},
			due: time.Date(2026, 10, 29, 18, 0, 0, 0, shanghai), phrase: "due 10/29 18:00",
		},
		{
			name:  "chinese with priority and milestone",
			text:  "<@U1> 完成优惠券海报 明天下午6点前 !high #registration-closes",
			title: "完成优惠券海报", assignees: []U{"U1"},
			due: time.Date(2026, 10, 21, 18, 0, 0, 0, shanghai), phrase: "明天下午6点前",
			priority: campaignbot.PriorityHigh, milestone: "double11/registration-closes",
		},
		{
			name:  "chinese phrase first",
			text:  "明天下午6点前完成优惠券海报 <@U1>",
			title: "完成优惠券海报", assignees: []U{"U1"},
			due: time.Date(2026, 10, 21, 18, 0, 0, 0, shanghai), phrase: "明天下午6点前",
		},
		{
			name:  "chinese connector inside",
			text:  "<@U1> 请在明天下午6点前完成海报",
			title: "请完成海报", assignees: []U{"U1"},
			due: time.Date(2026, 10, 21, 18, 0, 0, 0, shanghai), phrase: "在明天下午6点前",
		},
		{
			name:  "chinese urgent in brackets, weekday",
			text:  "<@U1> 【紧急】 完成海报 周五前",
			title: "完成海报", assignees: []U{"U1"},
			due: time.Date(2026, 10, 23, 18, 0, 0, 0, shanghai), phrase: "周五前", dateOnly: true,
			priority: campaignbot.PriorityHigh,
		},
		{
			name:  "not urgent",
			text:  "<@U1> 不急 整理文档",
			title: "整理文档", assignees: []U{"U1"}, priority: campaignbot.PriorityLow,
		},
		{
			name:  "no date, low priority, link label",
			text:  "<@U1> fix <https://example.com/a|the landing page> !low",
			title: "fix the landing page", assignees: []U{"U1"}, priority: campaignbot.PriorityLow,
		},
		{
			name:  "group and relative hours",
			text:  "<@U1> <!subteam^S1|@design> resize the hero image in 2 hours",
			title: "resize the hero image", assignees: []U{"U1"}, groups: []string{"S1"},
			due: time.Date(2026, 10, 20, 12, 0, 0, 0, shanghai), phrase: "in 2 hours",
		},
		{
			name:  "unknown names and stray quote, emoji kept",
			text:  "<@U1> @bob @李娜 \"fix typo 🎉",
			title: "fix typo 🎉", assignees: []U{"U1"}, unknown: []string{"bob", "李娜"},
		},
		{
			name:  "quoted title",
			text:  "<@U1> “整理 618 复盘” 下周五",
			title: "整理 618 复盘", assignees: []U{"U1"},
			due: time.Date(2026, 10, 30, 18, 0, 0, 0, shanghai), phrase: "下周五", dateOnly: true,
		},
		{
			name:  "email is not a mention",
			text:  "<@U1> write to ops@example.com by friday.",
			title: "write to ops@example.com", assignees: []U{"U1"},
			due: time.Date(2026, 10, 23, 18, 0, 0, 0, shanghai), phrase: "by friday", dateOnly: true,
		},
		{
			name:  "campaign relative chinese",
			text:  "<@U1> 双11前2天 完成预热页",
			title: "完成预热页", assignees: []U{"U1"},
			due: time.Date(2026, 11, 9, 18, 0, 0, 0, shanghai), phrase: "双11前2天", dateOnly: true,
		},
		{
			name:  "campaign relative english with time",
			text:  "<@U1> check stock levels D-3 10:00",
			title: "check stock levels", assignees: []U{"U1"},
			due: time.Date(2026, 11, 8, 10, 0, 0, 0, shanghai), phrase: "D-3 10:00",
		},
		{
			name:  "milestone by name defaults due",
			text:  "<@U1> prepare #Registration closes slides",
			title: "prepare slides", assignees: []U{"U1"},
			due: time.Date(2026, 10, 25, 18, 0, 0, 0, shanghai), milestone: "double11/registration-closes",
		},
		{
			name:  "phrase overrides milestone due",
			text:  "<@U1> #double11/warmup 预热页面 10月29日",
			title: "预热页面", assignees: []U{"U1"},
			due: time.Date(2026, 10, 29, 18, 0, 0, 0, shanghai), phrase: "10月29日", dateOnly: true,
			milestone: "double11/warmup",
		},
		{
			name:  "unknown hashtag stays",
			text:  "<@U1> post in #random by eod",
			title: "post in #random", assignees: []U{"U1"},
			due: time.Date(2026, 10, 20, 18, 0, 0, 0, shanghai), phrase: "by eod", dateOnly: true,
			tags: []string{"random"},
		},
		{
			name:  "channel mention kept as text",
			text:  "<@U1> announce in <#C1|design> tomorrow",
			title: "announce in #design", assignees: []U{"U1"},
			due: time.Date(2026, 10, 21, 18, 0, 0, 0, shanghai), phrase: "tomorrow", dateOnly: true,
		},
		{
			name:  "weekday inside a title is not a date",
			text:  "<@U1> design the Sunday sale banner",
			title: "design the Sunday sale banner", assignees: []U{"U1"},
		},
		{
			name:  "today's is not a date",
			text:  "<@U1> update today's report",
			title: "update today's report", assignees: []U{"U1"},
		},
		{
			name:  "今天 inside a sentence is not a date",
			text:  "<@U1> 把今天的数据发群里",
			title: "把今天的数据发群里", assignees: []U{"U1"},
		},
		{
			name:  "versions and prices are not dates",
			text:  "<@U1> ship v1.11.11 and 满300减50 3.5 banner",
			title: "ship v1.11.11 and 满300减50 3.5 banner", assignees: []U{"U1"},
		},
		{
			name:  "by a person is not a date",
			text:  "<@U1> review the deck written by the agency",
			title: "review the deck written by the agency", assignees: []U{"U1"},
		},
		{
			name:  "due diligence is not a date",
			text:  "<@U1> do the due diligence on the vendor contract",
			title: "do the due diligence on the vendor contract", assignees: []U{"U1"},
		},
		{
			name:  "截止 as an ordinary word",
			text:  "<@U1> 报名截止后再统计数据",
			title: "报名截止后再统计数据", assignees: []U{"U1"},
		},
		{
			name:  "11.11 at the end",
			text:  "<@U1> 满300减50 海报 11.11",
			title: "满300减50 海报", assignees: []U{"U1"},
			due: time.Date(2026, 11, 11, 18, 0, 0, 0, shanghai), phrase: "11.11", dateOnly: true,
		},
		{
			name:  "late evening tomorrow",
			now:   time.Date(2026, 10, 20, 23, 30, 0, 0, shanghai),
			text:  "<@U1> send the recap tomorrow 9am",
			title: "send the recap", assignees: []U{"U1"},
			due: time.Date(2026, 10, 21, 9, 0, 0, 0, shanghai), phrase: "tomorrow 9am",
		},
		{
			name:  "friday evening bare friday",
			now:   time.Date(2026, 10, 23, 19, 0, 0, 0, shanghai),
			text:  "<@U1> weekly report by friday",
			title: "weekly report", assignees: []U{"U1"},
			due: time.Date(2026, 10, 30, 18, 0, 0, 0, shanghai), phrase: "by friday", dateOnly: true,
		},
		{
			name:  "within a count of days or weeks",
			text:  "<@U1> sign the contract within 2 weeks",
			title: "sign the contract", assignees: []U{"U1"},
			due: time.Date(2026, 11, 3, 18, 0, 0, 0, shanghai), phrase: "within 2 weeks", dateOnly: true,
		},
		{
			name:  "when fallback after due",
			text:  "<@U1> sign the contract due in half an hour",
			title: "sign the contract", assignees: []U{"U1"},
			due: time.Date(2026, 10, 20, 10, 30, 0, 0, shanghai), phrase: "due in half an hour",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = tuesday(10, 0)
			}
			got, err := Parse(tt.text, optsAt(now))
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.text, err)
			}
			want := Draft{
				Title: tt.title, Assignees: tt.assignees, Groups: tt.groups, Due: tt.due, DuePhrase: tt.phrase,
				DateOnly: tt.dateOnly, Priority: tt.priority, Milestone: tt.milestone, Unknown: tt.unknown, UnknownTags: tt.tags,
			}
			if want.Priority == "" {
				want.Priority = campaignbot.PriorityNormal
			}
			if !got.Due.Equal(want.Due) {
				t.Errorf("Due = %v, want %v", got.Due, want.Due)
			}
			got.Due, want.Due = time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(%q)\n got %#v\nwant %#v", tt.text, got, want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	notUnderstood := func(p string) string {
		return `I couldn't read "` + p + `" as a due time. Try "tomorrow 5pm", "friday", "10/27 18:00", "in 3 days" or "明天下午3点".`
	}
	long := strings.Repeat("长", 5000)
	tests := []struct {
		name, text, want string
		now              time.Time
	}{
		{name: "only mentions", text: "<@U1> <@U2>",
			want: `The to-do has only mentions and no text: say what has to be done, such as "@alice finalize the coupon banner by tomorrow 6pm".`},
		{name: "empty", text: "",
			want: `The to-do has only mentions and no text: say what has to be done, such as "@alice finalize the coupon banner by tomorrow 6pm".`},
		{name: "only a date", text: "<@U1> 截止：明天中午",
			want: `The to-do has only mentions and no text: say what has to be done, such as "@alice finalize the coupon banner by tomorrow 6pm".`},
		{name: "only punctuation and quotes", text: `<@U1> "" ，。!!`,
			want: `The to-do has only mentions and no text: say what has to be done, such as "@alice finalize the coupon banner by tomorrow 6pm".`},
		{name: "5000 characters", text: "<@U1> " + long,
			want: `The to-do is 5000 characters long without its mentions, too long for a title (at most 500). Write it in one short line, such as "@alice finalize the coupon banner by tomorrow 6pm", and put the details in a thread reply.`},
		{name: "600 characters and a due date", text: "<@U1> " + strings.Repeat("长", 600) + " 明天",
			want: `The title is 600 characters long; please keep it to 500 or fewer.`},
		{name: "invalid day", text: `<@U1> @bob "fix typo" 🎉 by 10/32 18:00`,
			want: `I read "by 10/32 18:00" as a date but October has no 32nd day. Try 10/31 18:00 or "next friday".`},
		{name: "past", text: "<@U1> send the recap yesterday 5pm",
			want: `"yesterday 5pm" is 2026-10-19 17:00 (Mon), which has passed; give a future time such as "tomorrow 5pm".`},
		{name: "50 years out", text: "<@U1> renew the domain by 2076-10-29",
			want: `"by 2076-10-29" is 2076-10-29 18:00 (Thu), more than 2 years from now; give a due time within 2 years.`},
		{name: "50 years out relative", text: "<@U1> renew the domain in 50 years",
			want: `"in 50 years" is 2076-10-20 18:00 (Tue), more than 2 years from now; give a due time within 2 years.`},
		{name: "unreadable after due", text: "<@U1> send report due next fortnight",
			want: notUnderstood("due next fortnight")},
		{name: "unreadable after by", text: "<@U1> send report by the 3rd sprint",
			want: notUnderstood("by the 3rd sprint")},
		{name: "unreadable after 截止", text: "<@U1> 提交报名 截止下个季度",
			want: notUnderstood("截止下个季度")},
		{name: "unreadable before 前", text: "<@U1> 提交报名 下下下周五前",
			want: notUnderstood("下下下周五前")},
		{name: "no campaign ahead", now: time.Date(2026, 12, 20, 10, 0, 0, 0, shanghai), text: "<@U1> 备货 大促前3天",
			want: `I read "大促前3天" as counting days from a campaign's D-day, but no configured campaign (double11, 618, double12) has its D-day ahead. Give a date instead, such as "12/27 18:00".`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = tuesday(10, 0)
			}
			d, err := Parse(tt.text, optsAt(now))
			if err == nil {
				t.Fatalf("Parse(%q) = %#v, want error", tt.text, d)
			}
			if got := errText(t, err); got != tt.want {
				t.Errorf("Parse(%q) error\n got: %s\nwant: %s", tt.text, got, tt.want)
			}
		})
	}
}
