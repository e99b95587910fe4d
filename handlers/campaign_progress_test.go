package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
	"github.com/campaignbot/campaignbot/chart"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/progress"
)

var updateProgress = flag.Bool("update-progress", false, "rewrite testdata/progress_*.golden")

// fixedTodos serves the to-dos of a fixture as FindTodos does: by status
// and workspace.
type fixedTodos struct {
	campaignbot.TodoService
	todos []*campaignbot.Todo
}

func (f fixedTodos) FindTodos(_ context.Context, flt campaignbot.TodoFilter) ([]*campaignbot.Todo, error) {
	var out []*campaignbot.Todo
	for _, t := range f.todos {
		for _, s := range flt.Statuses {
			if t.Status == s && (flt.Workspace == "" || t.Workspace == flt.Workspace) {
				out = append(out, t)
			}
		}
	}
	return out, nil
}

// progressTodos reads the to-dos of ../testdata/progress_todos.json into
// workspace T1.
func progressTodos(t *testing.T) []*campaignbot.Todo {
	t.Helper()
	b, err := os.ReadFile("../testdata/progress_todos.json")
	if err != nil {
		t.Fatal(err)
	}
	var todos []*campaignbot.Todo
	if err := json.Unmarshal(b, &todos); err != nil {
		t.Fatal(err)
	}
	for _, td := range todos {
		td.Workspace = "T1"
	}
	return todos
}

// TestCampaignProgressCommand: /campaign progress (/campaign 进度) on the
// fixture at a pinned instant answers, visibly in the channel and thread
// it was asked in, the counts by channel
// and owner and the milestones in English and in Chinese (the golden
// files), with the chart as a PNG attachment; no to-do title appears.
func TestCampaignProgressCommand(t *testing.T) {
	data, err := os.ReadFile("testdata/progress.yaml")
	if err != nil {
		t.Fatal(err)
	}
	renderer, err := chart.New("")
	if err != nil {
		t.Fatal(err)
	}
	todos := progressTodos(t)
	for _, lang := range []campaignbot.Language{campaignbot.English, campaignbot.Chinese} {
		t.Run(string(lang), func(t *testing.T) {
			cfg, err := config.Parse("progress.yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			cfg.Language = lang
			now := time.Date(2026, 10, 25, 10, 0, 0, 0, cfg.Timezone)
			r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }, Now: func() time.Time { return now }})
			handlers.Register(r, handlers.Deps{Progress: &progress.Reporter{Todos: fixedTodos{todos: todos}, Charts: renderer}})
			chat := &chattest.Recorder{}
			sub := map[campaignbot.Language]string{campaignbot.English: "progress", campaignbot.Chinese: "进度"}[lang]
			r.HandleCommand(context.Background(), chat, &bot.Command{Workspace: "T1", Name: "campaign", Args: sub + " double11", ThreadTS: "1700000000.000100",
				User: campaignbot.User{ID: "bob", Name: "bob"}, Channel: campaignbot.Channel{ID: "double11-war-room", Name: "double11-war-room"}})
			said := chat.Said()
			if len(said) != 1 || said[0].Recipient != (campaignbot.Recipient{Channel: "double11-war-room"}) || said[0].Kind == "ephemeral" ||
				said[0].Message.ThreadID != "1700000000.000100" {
				t.Fatalf("said %+v", said)
			}
			m := said[0].Message
			golden := "testdata/progress_" + string(lang) + ".golden"
			if *updateProgress {
				if err := os.WriteFile(golden, []byte(m.Text+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if m.Text+"\n" != string(want) {
				t.Errorf("summary:\n%s\nwant:\n%s", m.Text, want)
			}
			for _, td := range todos {
				if strings.Contains(m.Text, td.Title) {
					t.Errorf("the summary shows the title %q", td.Title)
				}
			}
			if m.Attachment == nil || m.Attachment.Name != "double11-progress-2026-10-25.png" {
				t.Fatalf("attachment %+v", m.Attachment)
			}
			img, err := png.Decode(bytes.NewReader(m.Attachment.Data))
			if err != nil || img.Bounds().Dx() != chart.Width || img.Bounds().Dy() != chart.Height {
				t.Errorf("the chart is no %dx%d PNG: %v", chart.Width, chart.Height, err)
			}
		})
	}
}

// TestCampaignProgressErrors: an unknown campaign is named with the
// ones there are; without a reporter the subcommand says it is off; in a
// channel the bot is not in, the asker is told to invite it.
func TestCampaignProgressErrors(t *testing.T) {
	data, err := os.ReadFile("testdata/progress.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("progress.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		deps  handlers.Deps
		args  string
		notIn bool
		want  string
	}{
		{"unknown campaign", handlers.Deps{Progress: &progress.Reporter{Todos: fixedTodos{}}}, "progress nope", false, `There is no campaign "nope". Campaigns: double11, s618.`},
		{"off", handlers.Deps{}, "progress", false, "Progress reports are not available here."},
		{"not in the channel", handlers.Deps{Progress: &progress.Reporter{Todos: fixedTodos{}}}, "progress", true,
			"I can't post in this channel: invite me first (/invite @campaignbot), or ask in a channel I'm in."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }})
			handlers.Register(r, tt.deps)
			chat := &chattest.Recorder{NotIn: map[campaignbot.ChannelID]bool{"double11-war-room": tt.notIn}}
			r.HandleCommand(context.Background(), chat, &bot.Command{Workspace: "T1", Name: "campaign", Args: tt.args,
				User: campaignbot.User{ID: "bob", Name: "bob"}, Channel: campaignbot.Channel{ID: "double11-war-room", Name: "double11-war-room"}})
			if texts := chat.Texts(); len(texts) != 1 || texts[0] != tt.want {
				t.Errorf("said %q, want %q", texts, tt.want)
			}
		})
	}
}

// TestCampaignProgressOutsideAConversation: asked with no channel, the
// progress goes to the asker by DM; with no id, the next campaign's.
func TestCampaignProgressOutsideAConversation(t *testing.T) {
	data, err := os.ReadFile("testdata/progress.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("progress.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 10, 25, 10, 0, 0, 0, cfg.Timezone)
	r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }, Now: func() time.Time { return now }})
	handlers.Register(r, handlers.Deps{Progress: &progress.Reporter{Todos: fixedTodos{todos: progressTodos(t)}}})
	chat := &chattest.Recorder{}
	r.HandleCommand(context.Background(), chat, &bot.Command{Workspace: "T1", Name: "campaign", Args: "progress", User: campaignbot.User{ID: "bob", Name: "bob"}})
	said := chat.Said()
	if len(said) != 1 || said[0].Recipient != (campaignbot.Recipient{User: "bob"}) || !strings.HasPrefix(said[0].Message.Text, "*Double 11* progress") {
		t.Fatalf("said %+v", said)
	}
}
