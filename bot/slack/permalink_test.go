package slack

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage"
)

func TestPermalink(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "permalinks", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Name     string `json:"name"`
		URL      string `json:"url"`
		Channel  string `json:"channel"`
		TS       string `json:"ts"`
		ThreadTS string `json:"thread_ts"`
		Want     string `json:"want"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			a := &Adapter{teamURL: workspaceURL(c.URL)}
			if got := a.permalink(c.Channel, c.TS, c.ThreadTS); got != c.Want {
				t.Errorf("permalink(%q, %q, %q) = %q, want %q", c.Channel, c.TS, c.ThreadTS, got, c.Want)
			}
		})
	}
}

// capturingInbox keeps the messages and shortcuts it is handed.
type capturingInbox struct {
	nopInbox
	messages  []*bot.Message
	shortcuts []*bot.Shortcut
}

func (c *capturingInbox) HandleMessage(_ context.Context, _ bot.Chat, m *bot.Message) {
	c.messages = append(c.messages, m)
}

func (c *capturingInbox) HandleShortcut(_ context.Context, _ bot.Chat, s *bot.Shortcut) {
	c.shortcuts = append(c.shortcuts, s)
}

func TestIncomingMessagesCarryPermalinks(t *testing.T) {
	for _, tt := range []struct {
		fixture, want string
	}{
		{"events/app_mention.json", "https://fake.slack.com/archives/C0DESIGN/p1700000200000300"},
		{"events/message_channels_mention.json", "https://fake.slack.com/archives/C0DESIGN/p1700000200000300"},
		{"events/message_file_share.json", "https://fake.slack.com/archives/C0DESIGN/p1700000100000200"},
		{"events/message_im.json", "https://fake.slack.com/archives/D0ALICE/p1700000250000100"},
		{"events/message_thread_reply.json", "https://fake.slack.com/archives/C0DESIGN/p1700000300000400?thread_ts=1700000100.000200&cid=C0DESIGN"},
		{"interactions/message_action.json", "https://fake.slack.com/archives/C0DESIGN/p1700000100000200"},
	} {
		t.Run(tt.fixture, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			a := offlineAdapter()
			a.teamURL = workspaceURL("https://fake.slack.com/")
			in := &capturingInbox{}
			var got string
			if filepath.Dir(tt.fixture) == "interactions" {
				var p interaction
				if err := json.Unmarshal(data, &p); err != nil {
					t.Fatal(err)
				}
				a.shortcut(context.Background(), in, &p, "")
				if len(in.shortcuts) != 1 || in.shortcuts[0].Message == nil {
					t.Fatalf("shortcuts: %+v", in.shortcuts)
				}
				got = in.shortcuts[0].Message.Permalink
			} else {
				var env eventEnvelope
				var ev innerEvent
				if err := json.Unmarshal(data, &env); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(env.Event, &ev); err != nil {
					t.Fatal(err)
				}
				a.handleEvent(context.Background(), in, &env, &ev)
				if len(in.messages) != 1 {
					t.Fatalf("%d messages handed on, want 1", len(in.messages))
				}
				got = in.messages[0].Permalink
			}
			if got != tt.want {
				t.Errorf("Permalink = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMentionedTodoLinksToItsMessage(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	todos := storage.NewTodoService(w.db)
	b := w.startWith(t, func(b *testBot) {
		handlers.Register(b.router, handlers.Deps{Todos: todos, Logger: testLogger(t)})
	})
	b.deliverEvent(mention(b, "Ev0TODO", "<@U0BOB> finish the coupon banner by tomorrow 6pm"))
	b.waitFor(func() bool { return len(w.fake.Delivered("chat.postMessage")) == 1 }, "the confirmation")
	got, err := todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: "T0FAKE"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("%d to-dos, want 1; replies %q", len(got), posted(w.fake))
	}
	if want := "https://fake.slack.com/archives/C0DESIGN/p1700000200000300"; got[0].SourceLink != want {
		t.Errorf("SourceLink = %q, want %q", got[0].SourceLink, want)
	}
}
