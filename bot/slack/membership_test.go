package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/storage"
)

// addMembershipChannels adds channels with members to w's fake Slack:
// double11-data (public, alice), war-room (private, the bot and bob are
// in it), old-data (archived) and members for the private secret channel
// the bot is not in.
func addMembershipChannels(w *world) {
	w.fake.AddChannel(slackfake.Channel{ID: "C0DATA", Name: "double11-data", Members: []string{"U0ALICE"}})
	w.fake.AddChannel(slackfake.Channel{ID: "G0WAR", Name: "war-room", IsPrivate: true, IsMember: true, Members: []string{"UBOT", "U0BOB"}})
	w.fake.AddChannel(slackfake.Channel{ID: "C0OLD", Name: "old-data", IsArchived: true, Members: []string{"U0ALICE"}})
	w.fake.AddChannel(slackfake.Channel{ID: "C0SECRET", Name: "secret", IsPrivate: true, Members: []string{"U0ALICE"}})
}

func TestInChannel(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	addMembershipChannels(w)
	b := w.start(t)
	ctx := context.Background()
	for _, tt := range []struct {
		channel campaignbot.ChannelID
		user    campaignbot.UserID
		want    bool
	}{
		{"C0DATA", "U0ALICE", true},
		{"C0DATA", "U0BOB", false},
		{"double11-data", "U0ALICE", true},
		{"#double11-data", "U0ALICE", true},
		{" Double11-Data ", "U0ALICE", true},
		{"double11-data", "U0BOB", false},
		{"war-room", "U0BOB", true},
		{"G0WAR", "U0BOB", true},
		{"#war-room", "U0ALICE", false},
		{"C0OLD", "U0ALICE", true},     // archived, still has members
		{"old-data", "U0ALICE", false}, // archived channels are not listed
		{"secret", "U0ALICE", false},   // private, the bot is not in it
		{"C0SECRET", "U0ALICE", false}, // channel_not_found
		{"no-such-channel", "U0ALICE", false},
		{"C0NOWHERE", "U0ALICE", false},
		{"", "U0ALICE", false},
	} {
		got, err := b.adapter.InChannel(ctx, tt.channel, tt.user)
		if err != nil || got != tt.want {
			t.Errorf("InChannel(%q, %s) = %v, %v; want %v", tt.channel, tt.user, got, err, tt.want)
		}
	}
	for _, c := range w.fake.Calls("conversations.list") {
		if c.Params.Get("types") != "public_channel,private_channel" || c.Params.Get("exclude_archived") != "true" {
			t.Errorf("conversations.list params %v", c.Params)
		}
	}
	// Channels seen in the list are cached with their privacy, and
	// Channel finds them by name too.
	before := len(w.fake.Calls("conversations.info"))
	for _, name := range []campaignbot.ChannelID{"G0WAR", "war-room", "#war-room"} {
		if c, err := b.adapter.Channel(ctx, name); err != nil || !c.Private || c.ID != "G0WAR" || c.Name != "war-room" {
			t.Errorf("Channel(%q) = %+v, %v", name, c, err)
		}
	}
	if n := len(w.fake.Calls("conversations.info")) - before; n != 0 {
		t.Errorf("%d conversations.info calls for listed channels, want 0", n)
	}
	if _, err := b.adapter.Channel(ctx, "#no-such-channel"); campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
		t.Errorf("Channel(#no-such-channel): %v, want ENOTFOUND", err)
	}
}

func TestInChannelPaginates(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	addMembershipChannels(w)
	var members []string
	for i := range 7 {
		w.fake.AddChannel(slackfake.Channel{ID: fmt.Sprintf("C1PAGE%d", i), Name: fmt.Sprintf("page-%d", i)})
		members = append(members, fmt.Sprintf("U1MEMBER%d", i))
	}
	w.fake.AddChannel(slackfake.Channel{ID: "C9LAST", Name: "zz-last", Members: members})
	w.fake.SetPageSize(3)
	b := w.start(t)
	ctx := context.Background()
	for _, tt := range []struct {
		channel campaignbot.ChannelID
		user    campaignbot.UserID
		want    bool
	}{
		{"zz-last", "U1MEMBER0", true}, // first page of members
		{"zz-last", "U1MEMBER6", true}, // last page
		{"C9LAST", "U1MEMBER3", true},
		{"zz-last", "U0ALICE", false},
		{"page-0", "U0ALICE", false},
	} {
		got, err := b.adapter.InChannel(ctx, tt.channel, tt.user)
		if err != nil || got != tt.want {
			t.Errorf("InChannel(%q, %s) = %v, %v; want %v", tt.channel, tt.user, got, err, tt.want)
		}
	}
	// 12 channels listed (secret is hidden) in pages of 3; 7 members in pages of 3.
	lists := w.fake.Delivered("conversations.list")
	if len(lists) != 4 {
		t.Fatalf("%d conversations.list calls, want 4 pages", len(lists))
	}
	if lists[0].Params.Get("cursor") != "" || lists[1].Params.Get("cursor") == "" {
		t.Errorf("cursors %q, %q", lists[0].Params.Get("cursor"), lists[1].Params.Get("cursor"))
	}
	var memberCalls int
	for _, c := range w.fake.Delivered("conversations.members") {
		if c.Params.Get("channel") == "C9LAST" {
			memberCalls++
		}
	}
	if memberCalls != 3 {
		t.Errorf("%d conversations.members calls for C9LAST, want 3 pages", memberCalls)
	}
}

func TestInChannelCachesWithExpiry(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	addMembershipChannels(w)
	b := w.start(t)
	ctx := context.Background()
	calls := func() (lists, members int) {
		return len(w.fake.Calls("conversations.list")), len(w.fake.Calls("conversations.members"))
	}
	in := func(channel campaignbot.ChannelID, user campaignbot.UserID) bool {
		t.Helper()
		got, err := b.adapter.InChannel(ctx, channel, user)
		if err != nil {
			t.Fatalf("InChannel(%q, %s): %v", channel, user, err)
		}
		return got
	}
	for _, step := range []struct {
		name                 string
		do                   func() bool
		want                 bool
		wantLists, wantMembs int
	}{
		{"first lookup loads names and members", func() bool { return in("double11-data", "U0ALICE") }, true, 1, 1},
		{"cached", func() bool { return in("double11-data", "U0BOB") }, false, 1, 1},
		{"cached by id", func() bool { return in("C0DATA", "U0ALICE") }, true, 1, 1},
		{"unknown name reloads once", func() bool { return in("new-channel", "U0ALICE") }, false, 2, 1},
		{"channel created since is still unknown", func() bool {
			w.fake.AddChannel(slackfake.Channel{ID: "C0NEW", Name: "new-channel", Members: []string{"U0ALICE"}})
			return in("new-channel", "U0ALICE")
		}, false, 2, 1},
		{"membership change not seen before expiry", func() bool {
			w.fake.AddChannel(slackfake.Channel{ID: "C0DATA", Name: "double11-data", Members: []string{"U0ALICE", "U0BOB"}})
			return in("double11-data", "U0BOB")
		}, false, 2, 1},
		{"after expiry names and members reload", func() bool {
			w.clock.Sleep(ctx, 11*time.Minute)
			return in("double11-data", "U0BOB")
		}, true, 3, 2},
		{"new channel found after expiry", func() bool { return in("new-channel", "U0ALICE") }, true, 3, 3},
	} {
		if got := step.do(); got != step.want {
			t.Errorf("%s: got %v, want %v", step.name, got, step.want)
		}
		if l, m := calls(); l != step.wantLists || m != step.wantMembs {
			t.Errorf("%s: %d conversations.list, %d conversations.members calls; want %d, %d", step.name, l, m, step.wantLists, step.wantMembs)
		}
	}
}

func TestInChannelReportsFailures(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	addMembershipChannels(w)
	b := w.start(t)
	w.fake.Fail("conversations.list", slackfake.Fault{Error: "missing_scope"})
	if got, err := b.adapter.InChannel(context.Background(), "double11-data", "U0ALICE"); err == nil || got {
		t.Errorf("InChannel with missing_scope = %v, %v; want an error", got, err)
	} else if strings.Contains(err.Error(), slackfake.BotToken) {
		t.Errorf("error leaks the token: %v", err)
	}
	// The failure is not cached.
	if got, err := b.adapter.InChannel(context.Background(), "double11-data", "U0ALICE"); err != nil || !got {
		t.Errorf("InChannel after the failure = %v, %v", got, err)
	}
}

func TestInGroup(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	w.fake.AddUserGroup(slackfake.Group{ID: "S0DESIGN", Handle: "design", Members: []string{"U0ALICE"}})
	w.fake.AddUserGroup(slackfake.Group{ID: "S0DATA", Handle: "data-team", Members: []string{"U0BOB"}})
	b := w.start(t)
	ctx := context.Background()
	for _, tt := range []struct {
		group string
		user  campaignbot.UserID
		want  bool
	}{
		{"design", "U0ALICE", true},
		{"@design", "U0ALICE", true},
		{"Design", "U0ALICE", true},
		{"design", "U0BOB", false},
		{"S0DESIGN", "U0ALICE", true},
		{"data-team", "U0BOB", true},
		{"S0DATA", "U0ALICE", false},
		{"nobody", "U0ALICE", false},
		{"S0NONE", "U0ALICE", false},
		{"", "U0ALICE", false},
	} {
		got, err := b.adapter.InGroup(ctx, tt.group, tt.user)
		if err != nil || got != tt.want {
			t.Errorf("InGroup(%q, %s) = %v, %v; want %v", tt.group, tt.user, got, err, tt.want)
		}
	}
	// usergroups.list: the first load and one reload for "nobody".
	if n := len(w.fake.Calls("usergroups.list")); n != 2 {
		t.Errorf("%d usergroups.list calls, want 2", n)
	}
	// One usergroups.users.list per group, S0NONE included.
	if n := len(w.fake.Calls("usergroups.users.list")); n != 3 {
		t.Errorf("%d usergroups.users.list calls, want 3", n)
	}
}

// recordingInbox keeps the channel of every request it is handed.
type recordingInbox struct {
	nopInbox
	mu       sync.Mutex
	channels []campaignbot.Channel
	threads  []string
}

func (r *recordingInbox) add(c campaignbot.Channel, thread string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.channels = append(r.channels, c)
	r.threads = append(r.threads, thread)
}

func (r *recordingInbox) HandleMessage(_ context.Context, _ bot.Chat, m *bot.Message) {
	r.add(m.Channel, m.ThreadTS)
}

func (r *recordingInbox) HandleCommand(_ context.Context, _ bot.Chat, c *bot.Command) {
	r.add(c.Channel, "")
}

func (r *recordingInbox) HandleAction(_ context.Context, _ bot.Chat, a *bot.Action) {
	r.add(a.Channel, "")
}

func (r *recordingInbox) HandleShortcut(_ context.Context, _ bot.Chat, s *bot.Shortcut) {
	thread := ""
	if s.Message != nil {
		thread = s.Message.ThreadTS
	}
	r.add(s.Channel, thread)
}

func TestIncomingRequestsKnowChannelPrivacy(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	addMembershipChannels(w)
	w.fake.AddChannel(slackfake.Channel{ID: "C0DOWN", Name: "down"})
	b := w.start(t)
	ctx := context.Background()
	for _, ch := range []struct {
		id, name, channelType string
		private, dm           bool
	}{
		{"C0DESIGN", "double11-design", "channel", false, false},
		{"G0WAR", "war-room", "group", true, false},
		// The bot is not in it: conversations.info answers channel_not_found.
		{"C0SECRET", "privategroup", "group", true, false},
		{"D0ALICE", "directmessage", "im", false, true},
	} {
		kinds := map[string]func(in *recordingInbox){
			"message": func(in *recordingInbox) {
				env := &eventEnvelope{TeamID: slackfake.TeamID, EventID: "Ev" + ch.id}
				ev := &innerEvent{Type: "message", User: "U0ALICE", Text: "hi", Channel: ch.id, ChannelType: ch.channelType,
					TS: "1700000300.000400", ThreadTS: "1700000100.000200"}
				b.adapter.handleEvent(ctx, in, env, ev)
			},
			"command": func(in *recordingInbox) {
				b.adapter.onCommand(ctx, in, &slashCommand{Command: "/kb", Text: "tree", TeamID: slackfake.TeamID,
					ChannelID: ch.id, ChannelName: ch.name, UserID: "U0ALICE", UserName: "alice", TriggerID: "1.2.3"}, "")
			},
			"block_actions": func(in *recordingInbox) {
				p := mustInteraction(t, fmt.Sprintf(`{"type":"block_actions","user":{"id":"U0ALICE"},"team":{"id":"T0FAKE"},
					"channel":{"id":%q,"name":%q},"container":{"type":"message","channel_id":%q,"message_ts":"1700000100.000200"},
					"actions":[{"action_id":"todo.done","value":"1"}]}`, ch.id, ch.name, ch.id))
				b.adapter.onInteraction(ctx, in, p, "")
			},
			"message_action": func(in *recordingInbox) {
				p := mustInteraction(t, fmt.Sprintf(`{"type":"message_action","callback_id":"kb_save","user":{"id":"U0ALICE"},
					"team":{"id":"T0FAKE"},"channel":{"id":%q,"name":%q},"trigger_id":"1.2.3",
					"message":{"type":"message","user":"U0ALICE","text":"x","ts":"1700000300.000400","thread_ts":"1700000100.000200"}}`, ch.id, ch.name))
				b.adapter.onInteraction(ctx, in, p, "")
			},
		}
		for kind, deliver := range kinds {
			in := &recordingInbox{}
			deliver(in)
			b.adapter.work.Wait()
			if len(in.channels) != 1 {
				t.Errorf("%s in %s: %d requests, want 1", kind, ch.id, len(in.channels))
				continue
			}
			got := in.channels[0]
			if got.ID != campaignbot.ChannelID(ch.id) || got.Private != ch.private || got.IsDM != ch.dm {
				t.Errorf("%s in %s: channel %+v, want private=%v dm=%v", kind, ch.id, got, ch.private, ch.dm)
			}
			if (kind == "message" || kind == "message_action") && in.threads[0] != "1700000100.000200" {
				t.Errorf("%s in %s: ThreadTS %q, want the parent's ts", kind, ch.id, in.threads[0])
			}
		}
	}
}

func mustInteraction(t *testing.T, s string) *interaction {
	t.Helper()
	var p interaction
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

// kbCommand sends /kb with text as user in the bot's mode and returns the
// text of the answer posted to the response_url named id.
func (b *testBot) kbCommand(user, id, text string) string {
	b.t.Helper()
	fields := map[string]string{
		"token": "gIkuvaNzQIHg97ATvDxqgjtO", "team_id": slackfake.TeamID, "team_domain": "fake",
		"channel_id": "C0DESIGN", "channel_name": "double11-design", "user_id": user, "user_name": strings.ToLower(user),
		"command": "/kb", "text": text, "api_app_id": slackfake.AppID, "response_url": b.w.fake.ResponseURL(id),
		"trigger_id": "1." + id,
	}
	if b.adapter.Mode() == ModeHTTP {
		v := url.Values{}
		for k, s := range fields {
			v.Set(k, s)
		}
		if code, resp := b.post(CommandsPath, "application/x-www-form-urlencoded", []byte(v.Encode())); code != http.StatusOK {
			b.t.Fatalf("command: %d %q", code, resp)
		}
	} else {
		data, err := json.Marshal(fields)
		if err != nil {
			b.t.Fatal(err)
		}
		env := b.w.fake.Deliver(slackfake.SlashCommands, rawJSON(data))
		b.waitFor(func() bool { ok, _ := b.w.fake.Acked(env); return ok }, "the ack of "+env)
	}
	b.waitFor(func() bool { return len(responses(b.w.fake, id)) > 0 }, "the answer to /kb "+text)
	got, _ := responses(b.w.fake, id)[0]["text"].(string)
	return got
}

func TestRestrictedFolderFollowsSlackChannelMembership(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		// The example config restricts "Double 11/Data" to the members of
		// the channel double11-data, by name.
		addMembershipChannels(w)
		kb := storage.NewKnowledgeBase(w.db)
		b := w.startWith(t, func(b *testBot) {
			indexer := handlers.NewIndexer(context.Background(), kb, w.blobs, 1, testLogger(t))
			t.Cleanup(indexer.Wait)
			handlers.Register(b.router, handlers.Deps{KnowledgeBase: kb, Blobs: w.blobs, Indexer: indexer, Logger: testLogger(t)})
		})
		for _, tt := range []struct {
			user     string
			seesData bool
		}{
			{"U0ALICE", true}, // in #double11-data
			{"U0BOB", false},
		} {
			tree := b.kbCommand(tt.user, "tree-"+tt.user, "tree")
			if !strings.Contains(tree, "Design") {
				t.Fatalf("%s: /kb tree answered %q", tt.user, tree)
			}
			ls := b.kbCommand(tt.user, "ls-"+tt.user, "ls Double 11/Data")
			if sees := !strings.Contains(ls, "There is no folder"); sees != tt.seesData {
				t.Errorf("%s: /kb ls Double 11/Data answered %q; want visible=%v", tt.user, ls, tt.seesData)
			}
			if hasData := containsLine(tree, "Data", "Data review"); hasData != tt.seesData {
				t.Errorf("%s: /kb tree shows Data = %v, want %v:\n%s", tt.user, hasData, tt.seesData, tree)
			}
		}
		if n := len(w.fake.Delivered("conversations.members")); n != 1 {
			t.Errorf("%d conversations.members calls, want 1 (cached)", n)
		}
	})
}

// containsLine reports whether some line of s mentions word other than
// inside not.
func containsLine(s, word, not string) bool {
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(strings.ReplaceAll(line, not, ""), word) {
			return true
		}
	}
	return false
}
