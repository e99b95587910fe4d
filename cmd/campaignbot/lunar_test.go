package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot/internal/slackfake"
)

// TestConfigCheckWarnsAboutYearsWithoutHolidays runs `config check` on a
// config with lunar 2027 and 2028 campaigns: it passes (exit 0) with the
// summary, then the warning about lny2028 at its FILE:LINE:COL in English
// and in Chinese, and nothing about lny2027.
func TestConfigCheckWarnsAboutYearsWithoutHolidays(t *testing.T) {
	isolate(t)
	file := filepath.Join(testdataDir(t), "lny.yaml")
	code, out, errOut := run(t, "", "config", "check", "--config", file)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		file + ": ok — 2 campaigns, 3 milestones, 0 jobs, ",
		file + ":28:9: warning: calendar: no CN public holiday data for 2028; campaign lny2028 runs into it (2028-01-10 to 2028-02-25) — list its holidays and makeup workdays under calendar.holidays / calendar.workdays",
		file + ":28:9: 警告：日历：没有 2028 年的 CN 法定节假日数据；活动 lny2028 跨入了该年（2028-01-10 至 2028-02-25）——请在 calendar.holidays / calendar.workdays 下列出该年的节假日和调休上班日",
	}
	if len(lines) != len(want) {
		t.Fatalf("want %d lines, got:\n%s", len(want), out)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) || i > 0 && lines[i] != w {
			t.Errorf("line %d:\n%s\nwant:\n%s", i+1, lines[i], w)
		}
	}
	if strings.Contains(out, "lny2027") {
		t.Errorf("a warning about lny2027, whose year has data:\n%s", out)
	}
}

// TestScheduleLunarCampaign previews the lunar 2027 campaign's reminders:
// D-15 18:00 and D-1 20:00 from 正月初一 (2027-02-06) are 2027-01-22 18:00
// and 2027-02-05 20:00.
func TestScheduleLunarCampaign(t *testing.T) {
	isolate(t)
	file := filepath.Join(testdataDir(t), "lny.yaml")
	code, out, errOut := run(t, "", "schedule", "--config", file, "--db=false", "--from", "2027-01-20 00:00", "--until", "2027-02-07 00:00")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	var got []string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "lny2027/") {
			got = append(got, strings.Join(strings.Fields(line), " "))
		}
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "2027-01-22T18:00:00+08:00") || !strings.Contains(got[0], "lny2027/registration-closes") ||
		!strings.HasPrefix(got[1], "2027-02-05T20:00:00+08:00") || !strings.Contains(got[1], "lny2027/new-years-eve") {
		t.Errorf("lny2027 reminders:\n%s\nwant registration-closes at 2027-01-22 18:00 and new-years-eve at 2027-02-05 20:00; output:\n%s", strings.Join(got, "\n"), out)
	}
}

// TestCampaignLunarInConsoleAndSlack asks /campaign in the console and on
// (the fake) Slack with the lunar campaigns of testdata/lny.yaml: both
// show the lunar D-day beside its Gregorian date.
func TestCampaignLunarInConsoleAndSlack(t *testing.T) {
	const want = "D-day 2027-02-06 00:00 (正月初一), "
	file := filepath.Join(testdataDir(t), "lny.yaml")
	t.Run("console", func(t *testing.T) {
		isolate(t)
		code, out, errOut := run(t, "/campaign\n", "console", "--config", file)
		if code != 0 {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		if !strings.Contains(out, "*年货节 2027* (`lny2027`) — "+want) {
			t.Errorf("the console's /campaign lacks %q:\n%s", want, out)
		}
	})
	t.Run("slack", func(t *testing.T) {
		isolate(t)
		fake := slackfake.New(t)
		fake.AddUser(slackfake.User{ID: "U0ALICE", Name: "alice", RealName: "Alice"})
		fake.AddChannel(slackfake.Channel{ID: "C0WAR", Name: "double11-war-room", IsMember: true})
		t.Setenv("CAMPAIGNBOT_CONFIG", file)
		t.Setenv("CAMPAIGNBOT_SLACK_MODE", "socket")
		t.Setenv("CAMPAIGNBOT_SLACK_API_URL", fake.APIURL())
		t.Setenv("CAMPAIGNBOT_SLACK_BOT_TOKEN", slackfake.BotToken)
		t.Setenv("CAMPAIGNBOT_SLACK_APP_TOKEN", slackfake.AppToken)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var out, errOut syncBuffer
		exit := make(chan int, 1)
		go func() { exit <- execute(ctx, []string{"serve"}, strings.NewReader(""), &out, &errOut) }()
		wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
		defer wcancel()
		if err := fake.Wait(wctx, func() bool { _, open := fake.Connections(); return open }); err != nil {
			t.Fatalf("waiting for the socket connection: %v\n%s", err, errOut.String())
		}
		fake.Deliver(slackfake.SlashCommands, map[string]string{"team_id": slackfake.TeamID, "channel_id": "C0WAR", "channel_name": "double11-war-room",
			"user_id": "U0ALICE", "user_name": "alice", "command": "/campaign", "text": "",
			"response_url": fake.ResponseURL("campaign"), "trigger_id": "trigger-campaign", "api_app_id": slackfake.AppID})
		answer := func() string {
			for _, r := range fake.Responses() {
				if r.ID == "campaign" {
					return fmt.Sprint(r.Body["text"])
				}
			}
			return ""
		}
		if err := fake.Wait(wctx, func() bool { return answer() != "" }); err != nil {
			t.Fatalf("waiting for the /campaign answer: %v\n%s", err, errOut.String())
		}
		cancel()
		if code := <-exit; code != 0 {
			t.Fatalf("serve exited %d\n%s", code, errOut.String())
		}
		if !strings.Contains(answer(), "*年货节 2027* (`lny2027`) — "+want) {
			t.Errorf("Slack's /campaign lacks %q:\n%s", want, answer())
		}
		// The warning about lunar 2028 is logged at start, in both languages.
		if !strings.Contains(errOut.String(), "no CN public holiday data for 2028") || !strings.Contains(errOut.String(), "没有 2028 年的 CN 法定节假日数据") {
			t.Errorf("serve did not log the calendar warning:\n%s", errOut.String())
		}
	})
}
