package minutes_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/minutes"
	"github.com/campaignbot/campaignbot/todotext"
)

// shanghai is the zone the fixtures' dates are read in.
var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// opts reads dates on Monday 2026-09-28 10:00 in Shanghai.
// Double 11's warm-up starts on October 20.
var opts = todotext.Options{Now: time.Date(2026, 9, 28, 10, 0, 0, 0, shanghai), Location: shanghai,
	Campaigns: []campaignbot.Campaign{{ID: "double11", Name: "Double 11", DDay: time.Date(2026, 11, 11, 0, 0, 0, 0, shanghai),
		Milestones: []campaignbot.Milestone{{ID: "warmup-start", Name: "Warm-up starts", At: time.Date(2026, 10, 20, 20, 0, 0, 0, shanghai)}}}}}

// people is the directory the fixtures use.
var people = map[string]campaignbot.UserID{"alice": "U1", "bob": "U2", "carol": "U3", "dave": "U4"}

// item is an expected to-do: its line, owners, title and due time
// (yyyy-mm-dd hh:mm in Shanghai, "" for none).
type item struct {
	line      int
	owners    string
	title     string
	due       string
	milestone string
}

// problem is an expected unreadable line and a word of its reason.
type problem struct {
	line int
	why  string
}

func TestRead(t *testing.T) {
	tests := []struct {
		file     string
		items    []item
		problems []problem
	}{
		{
			file: "en.md",
			items: []item{
				{7, "U1", "finish the warm-up page", "2026-10-02 18:00", ""},
				{8, "U2", "send the coupon list", "2026-10-08 18:00", ""},
				{9, "U3", "update the banner", "2026-10-09 17:00", ""},
				{10, "U4", "book the livestream studio", "2026-10-02 18:00", ""},
				{11, "U1", "review the budget", "", ""},
			},
			problems: []problem{
				{12, "next friday"},
				{13, "passed"},
				{14, "Zed"},
			},
		},
		{
			file: "zh.md",
			items: []item{
				{7, "U1", "完成预热页", "2026-10-02 18:00", ""},
				{8, "U2", "提交报名表", "2026-10-08 18:00", ""},
				{9, "U3", "确认赠品库存", "2026-10-09 18:00", ""},
				{11, "U2", "准备优惠券", "2026-10-02 18:00", "double11/warmup-start"},
			},
			problems: []problem{
				{10, "明天8点"},
				{12, "No owner"},
				{13, "王五"},
			},
		},
		{
			file: "mixed.txt",
			items: []item{
				{3, "U1", "完成预热页", "2026-10-08 18:00", ""},
				{4, "U2", "send the 报名表", "2026-10-02 18:00", ""},
				{5, "U3", "check the 库存", "2026-10-09 18:00", ""},
				{8, "U1", "核对库存", "2026-10-09 18:00", ""},
				{9, "U2", "发布预告", "2026-10-09 18:00", ""},
				{10, "U3", "审核文案", "2026-10-02 18:00", ""},
				{11, "U4", "confirm the host", "2026-10-02 18:00", ""},
				{12, "U1", "复盘", "2026-10-02 18:00", ""},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			res := minutes.Read(string(b), people, opts)
			var got []item
			for _, it := range res.Items {
				var owners []string
				for _, u := range it.Draft.Assignees {
					owners = append(owners, string(u))
				}
				due := ""
				if !it.Draft.Due.IsZero() {
					due = it.Draft.Due.In(shanghai).Format("2006-01-02 15:04")
				}
				got = append(got, item{it.Line, strings.Join(owners, ","), it.Draft.Title, due, it.Draft.Milestone})
			}
			if !slices.Equal(got, tt.items) {
				t.Errorf("items:\n got %v\nwant %v", got, tt.items)
			}
			if len(res.Problems) != len(tt.problems) {
				t.Fatalf("problems: got %+v, want %v", res.Problems, tt.problems)
			}
			for i, p := range res.Problems {
				want := tt.problems[i]
				why := p.Why.In(campaignbot.English) + " " + p.Why.In(campaignbot.Chinese)
				if p.Line != want.line || !strings.Contains(why, want.why) || p.Why.In(campaignbot.English) == "" || p.Why.In(campaignbot.Chinese) == "" {
					t.Errorf("problem %d: got line %d %q, want line %d mentioning %q", i, p.Line, why, want.line, want.why)
				}
			}
		})
	}
}
