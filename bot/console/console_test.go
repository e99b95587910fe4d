package console

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
)

// exampleConfig is the embedded example config.
func exampleConfig(t testing.TB) *config.Config {
	t.Helper()
	cfg, err := config.Parse(campaignbot.ExampleConfigName, campaignbot.ExampleConfig)
	if err != nil {
		t.Fatalf("example config: %v", err)
	}
	return cfg
}

// inbox records what the adapter delivers.
type inbox struct {
	mu       sync.Mutex
	messages []*bot.Message
	commands []*bot.Command
}

func (i *inbox) HandleMessage(_ context.Context, _ bot.Chat, m *bot.Message) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.messages = append(i.messages, m)
}

func (i *inbox) HandleCommand(_ context.Context, _ bot.Chat, c *bot.Command) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.commands = append(i.commands, c)
}

func (i *inbox) HandleAction(context.Context, bot.Chat, *bot.Action) {}

func (i *inbox) HandleForm(context.Context, bot.Chat, *bot.FormSubmission) bot.FormResult {
	return bot.FormResult{}
}

func newTestAdapter(t testing.TB, in io.Reader, out io.Writer) *Adapter {
	t.Helper()
	cfg := exampleConfig(t)
	a, err := New(Options{In: in, Out: out, Config: func() *config.Config { return cfg }})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestCanonical(t *testing.T) {
	a := newTestAdapter(t, strings.NewReader(""), io.Discard)
	cfg := a.opts.Config()
	tests := []struct {
		in      string
		want    string
		wantBot bool
	}{
		{"@campaignbot @li.na 明天下午6点 完成海报", "<@campaignbot> <@li.na> 明天下午6点 完成海报", true},
		{"@Alice, please.", "<@alice>, please.", false},
		{"ping @alice.", "ping <@alice>.", false},
		{"mail bob@example.com", "mail bob@example.com", false},
		{"@nobody hi", "@nobody hi", false},
		{"see #double11-design and #coupon", "see <#double11-design|double11-design> and #coupon", false},
		{"R&D <draft> > old", "R&amp;D &lt;draft&gt; &gt; old", false},
		{"@张伟 你好", "@张伟 你好", false},
		{"@li.na明天", "<@li.na>明天", false},
	}
	for _, tt := range tests {
		got := a.canonical(cfg, tt.in)
		if got.text != tt.want || got.mentionsBot != tt.wantBot {
			t.Errorf("canonical(%q) = %q bot=%v, want %q bot=%v", tt.in, got.text, got.mentionsBot, tt.want, tt.wantBot)
		}
	}
}

func TestRunDeliversLines(t *testing.T) {
	input := strings.Join([]string{
		"",
		"/todo add @alice 完成海报 due 10/9 18:00",
		"@campaignbot hello",
		"/as chen.jie",
		"/in #double11-design",
		"plain chatter",
		"/as nobody",
		"/in #nowhere",
		"/share testdata/banner-v1.png 主视觉 v1",
		"/share testdata/missing.png",
		"/share",
		"/quit",
		"@campaignbot after quit",
	}, "\n")
	var out strings.Builder
	a := newTestAdapter(t, strings.NewReader(input), &out)
	in := &inbox{}
	if err := a.Run(context.Background(), in); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(in.commands) != 1 || in.commands[0].Name != "todo" || in.commands[0].Args != "add <@alice> 完成海报 due 10/9 18:00" {
		t.Fatalf("commands = %+v", in.commands)
	}
	if c := in.commands[0]; c.User.ID != "wang.fang" || !c.User.IsAdmin || c.Channel.ID != "double11-war-room" {
		t.Errorf("command from %+v in %+v", c.User, c.Channel)
	}
	if len(in.messages) != 3 {
		t.Fatalf("messages = %d, want 3 (mention, chatter, share)", len(in.messages))
	}
	if m := in.messages[0]; !m.MentionsBot || m.User.ID != "wang.fang" {
		t.Errorf("mention = %+v", m)
	}
	if m := in.messages[1]; m.MentionsBot || m.User.ID != "chen.jie" || m.Channel.ID != "double11-design" {
		t.Errorf("chatter = %+v", m)
	}
	share := in.messages[2]
	if len(share.Files) != 1 || share.Files[0].Name != "banner-v1.png" || share.Files[0].MIME != "image/png" || share.Text != "主视觉 v1" {
		t.Errorf("share = %+v", share)
	}
	for _, want := range []string{
		"You are now @chen.jie",
		"You are now in #double11-design.",
		`There is no console user "nobody". Configured users: @wang.fang`,
		`There is no console channel "nowhere".`,
		"I can't find the file testdata/missing.png.",
		"Usage: /share PATH [comment]",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestLongLineIsRefused(t *testing.T) {
	long := strings.Repeat("很", maxLine)
	var out strings.Builder
	a := newTestAdapter(t, strings.NewReader(long+"\n@campaignbot still here"), &out)
	in := &inbox{}
	if err := a.Run(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "longer than 64 KiB") {
		t.Errorf("no refusal: %q", out.String())
	}
	if len(in.messages) != 1 || in.messages[0].Text != "<@campaignbot> still here" {
		t.Errorf("the line after the long one was lost: %+v", in.messages)
	}
}

// TestSendWhileTyping sends reminders from other goroutines while lines are
// read, as the scheduler does; run under -race.
func TestSendWhileTyping(t *testing.T) {
	pr, pw := io.Pipe()
	var out syncBuffer
	a := newTestAdapter(t, pr, &out)
	in := &inbox{}
	done := make(chan error)
	go func() { done <- a.Run(context.Background(), in) }()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := a.Send(context.Background(), campaignbot.Recipient{User: "li.na"}, campaignbot.OutgoingMessage{Text: "Reminder: registration closes in 2 hours"}); err != nil {
				t.Errorf("send %d: %v", i, err)
			}
		}()
	}
	for range 20 {
		io.WriteString(pw, "@campaignbot ping\n")
	}
	wg.Wait()
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "[DM → @li.na] campaignbot: Reminder: registration closes in 2 hours\n"); n != 20 {
		t.Errorf("%d whole reminder lines, want 20:\n%s", n, out.String())
	}
	if len(in.messages) != 20 {
		t.Errorf("%d messages, want 20", len(in.messages))
	}
	if _, err := a.Send(context.Background(), campaignbot.Recipient{Channel: "nowhere"}, campaignbot.OutgoingMessage{Text: "x"}); err == nil {
		t.Error("sending to an unknown channel succeeded")
	} else if retry, _ := campaignbot.IsRetryable(err); retry {
		t.Error("an unknown channel was reported retryable")
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRender(t *testing.T) {
	got := render("[#double11-design] campaignbot:", campaignbot.OutgoingMessage{
		Text:    "<@li.na> R&amp;D banner\nsecond line",
		Fields:  []campaignbot.Field{{Label: "Due", Value: "10-29 18:00"}},
		Buttons: []campaignbot.Button{{Label: "Done", Command: "/todo done 12"}, {Label: "Open", URL: "https://example.com"}},
	})
	want := "[#double11-design] campaignbot:\n  @li.na R&D banner\n  second line\n  Due: 10-29 18:00\n  [Done] /todo done 12\n  [Open] https://example.com\n"
	if got != want {
		t.Errorf("render =\n%s\nwant\n%s", got, want)
	}
}

// FuzzConsoleLine checks that no typed line panics the adapter.
func FuzzConsoleLine(f *testing.F) {
	for _, s := range []string{"/share \"unterminated", "/as", "/in #", "@@@", "/", "/share '' x", "#@#@", "@campaignbot\x00"} {
		f.Add(s)
	}
	cfg := exampleConfig(f)
	a, err := New(Options{In: strings.NewReader(""), Out: io.Discard, Config: func() *config.Config { return cfg }})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		a.handleLine(context.Background(), &inbox{}, line)
	})
}
