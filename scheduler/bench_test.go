package scheduler_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	slackbot "github.com/campaignbot/campaignbot/bot/slack"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/internal/peakmem"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
)

// benchConfig is the example config grown to 1,000 milestones (20
// campaigns of 50, the first D-day 60 days after now, so every milestone
// is still ahead and planned) and 50 jobs, with Slack ids for leads and
// channel names for the war rooms, as a Slack deployment writes them.
func benchConfig(b testing.TB, now time.Time) *config.Config {
	cfg := *exampleConfig(b)
	cfg.Admins = nil
	base := cfg.Campaigns[0]
	base.Leads = []campaignbot.UserID{"U0LEAD1", "U0LEAD2"}
	cfg.Campaigns = nil
	dday := now.AddDate(0, 0, 60).Truncate(24 * time.Hour)
	for c := range 20 {
		cp := base
		cp.ID = fmt.Sprintf("c%02d", c)
		cp.Channel = campaignbot.ChannelID(fmt.Sprintf("war-room-%02d", c))
		cp.DDay = dday.AddDate(0, 0, c)
		cp.Ends = cp.DDay.AddDate(0, 1, 0)
		cp.Milestones = nil
		for m := range 50 {
			cp.Milestones = append(cp.Milestones, campaignbot.Milestone{
				ID: fmt.Sprintf("m%02d", m), Name: fmt.Sprintf("Milestone %d", m),
				At:      cp.DDay.Add(-time.Duration(m) * 17 * time.Hour),
				Offsets: []time.Duration{24 * time.Hour, 2 * time.Hour, 0},
				Notify:  campaignbot.Audience{Channel: true, Leads: true},
			})
		}
		cfg.Campaigns = append(cfg.Campaigns, cp)
	}
	job := cfg.Jobs[0]
	cfg.Jobs = nil
	for j := range 50 {
		jb := job
		jb.ID = fmt.Sprintf("job%02d", j)
		jb.Spec = fmt.Sprintf("CRON_TZ=Asia/Shanghai %d 9 * * 1-5", j)
		jb.Channel = campaignbot.ChannelID(fmt.Sprintf("war-room-%02d", j%20))
		jb.From, jb.Until = time.Time{}, time.Time{}
		cfg.Jobs = append(cfg.Jobs, jb)
	}
	return &cfg
}

// slowWire adds a round trip's latency to every request, as the way to
// slack.com has.
type slowWire struct {
	inner   http.RoundTripper
	latency time.Duration
}

func (s slowWire) RoundTrip(req *http.Request) (*http.Response, error) {
	time.Sleep(s.latency) // a benchmark's network, on the real clock
	return s.inner.RoundTrip(req)
}

// benchSlack starts a fake Slack with the war rooms, the leads and 500
// owners U0000…U0499 in two zones, and the real adapter reaching it with
// 50 ms of latency a call, keeping users in the directory on db.
func benchSlack(b *testing.B, db *storage.DB, cfg *config.Config) (*slackbot.Adapter, *slackfake.Server) {
	fake := slackfake.New(b)
	for c := range 20 {
		fake.AddChannel(slackfake.Channel{ID: fmt.Sprintf("C0WAR%02d", c), Name: fmt.Sprintf("war-room-%02d", c), IsMember: true})
	}
	fake.AddUser(slackfake.User{ID: "U0LEAD1", Name: "li.na", TZ: "Asia/Shanghai"})
	fake.AddUser(slackfake.User{ID: "U0LEAD2", Name: "chen.jie", TZ: "Asia/Shanghai"})
	for i := range 500 {
		tz := "Asia/Shanghai"
		if i%10 == 0 {
			tz = "Europe/Berlin"
		}
		fake.AddUser(slackfake.User{ID: fmt.Sprintf("U%04d", i), Name: fmt.Sprint("owner", i), TZ: tz})
	}
	cfg.Slack = config.Slack{Mode: slackbot.ModeHTTP, APIURL: fake.APIURL(), BotToken: slackfake.BotToken, SigningSecret: slackfake.Secret}
	a, err := slackbot.New(context.Background(), slackbot.Options{
		Config:     func() *config.Config { return cfg },
		HTTPClient: &http.Client{Transport: slowWire{fake.Client().Transport, 50 * time.Millisecond}, Timeout: 30 * time.Second},
		Users:      storage.NewUserStore(db),
	})
	if err != nil {
		b.Fatal(err)
	}
	return a, fake
}

// BenchmarkStartupPlanning plans 1,000 milestones, 50 jobs and the nudges
// of 100,000 open to-dos of 500 owners (due over the next 30 days; those
// within the 8-day horizon get nudges) into a SQLite file that already
// holds that plan, as a restart does. People come from the real Slack
// adapter against the fake Slack with 50 ms a call: the directory in the
// database, filled once by users.list before the first plan. Target:
// under 2 s and 64 MiB.
func BenchmarkStartupPlanning(b *testing.B) {
	ctx := context.Background()
	db, err := storage.Open(ctx, storage.Options{Driver: "sqlite", DSN: b.TempDir() + "/plan.db"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	// The store stamps to-dos with the real time, and nudges are planned
	// only after a to-do's last change: the plan runs at the real time,
	// and the campaigns are placed after it.
	now := time.Now().Truncate(time.Minute)
	cfg := benchConfig(b, now)
	slack, fake := benchSlack(b, db, cfg)
	todos := storage.NewTodoService(db)
	var batch []*campaignbot.Todo
	for i := range 100_000 {
		batch = append(batch, &campaignbot.Todo{Workspace: slackfake.TeamID, Title: fmt.Sprint("task ", i), Creator: "U0LEAD1", Channel: "C0WAR00",
			Assignees: []campaignbot.UserID{campaignbot.UserID(fmt.Sprintf("U%04d", i%500))},
			Due:       now.Add(48*time.Hour + time.Duration(i%(30*24*60))*time.Minute)})
		if len(batch) == 5000 {
			if err := todos.ImportTodos(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if _, err := slack.RefreshUsers(ctx); err != nil {
		b.Fatal(err)
	}
	store := storage.NewReminderStore(db)
	who := &scheduler.PeopleDirectory{Chat: slack, Users: storage.NewUserStore(db), Workspace: slack.Workspace()}
	p := &scheduler.Planner{Store: store, People: who, Features: []scheduler.SourcePlanner{
		&scheduler.TodoNudges{Todos: todos, Store: store, People: who, Config: func() *config.Config { return cfg }},
	}}
	var first time.Duration
	firstPeak, first := peakmem.Measure(func() {
		if _, err := p.Plan(ctx, cfg, now); err != nil {
			b.Fatal(err)
		}
	})
	pending, _ := store.Reminders(ctx, campaignbot.ReminderFilter{Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderPending}})
	nudges, milestones := 0, 0
	for _, r := range pending {
		switch r.Kind {
		case campaignbot.ReminderTodo:
			nudges++
		case campaignbot.ReminderMilestone:
			milestones++
		}
	}
	restart := func() {
		res, err := p.Plan(ctx, cfg, now)
		if err != nil {
			b.Fatal(err)
		}
		for prefix, r := range res {
			if r.Added+r.Updated+r.Canceled > 0 {
				b.Fatalf("a restart changed the plan of %s: %+v", prefix, r)
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		restart()
	}
	b.StopTimer()
	// Memory is sampled in a run of its own, so the sampler does not
	// slow the timed runs down.
	peak, _ := peakmem.Measure(restart)
	b.ReportMetric(float64(peak)/(1<<20), "MiB-peak")
	b.ReportMetric(float64(first.Milliseconds()), "ms-first-plan")
	b.ReportMetric(float64(firstPeak)/(1<<20), "MiB-first-plan")
	b.ReportMetric(float64(nudges), "todo-nudges")
	b.ReportMetric(float64(milestones), "milestone-reminders")
	b.ReportMetric(float64(len(pending)), "pending")
	b.ReportMetric(float64(len(fake.Calls("users.info"))), "users.info-calls")
	b.ReportMetric(float64(len(fake.Calls(""))), "slack-calls")
}

// fastMessenger records when each reminder was sent, in real time.
type fastMessenger struct {
	mu   sync.Mutex
	sent map[string]time.Time
}

func (f *fastMessenger) Send(_ context.Context, _ campaignbot.Recipient, m campaignbot.OutgoingMessage) (campaignbot.MessageRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent[m.Key] = time.Now()
	return campaignbot.MessageRef{}, nil
}

// BenchmarkDispatchLatency sends 500 reminders due over the next 2.5 s of
// real time through a fast adapter and reports how late the latest and the
// median one were. Target: every reminder within 1 s of its time.
func BenchmarkDispatchLatency(b *testing.B) {
	ctx := context.Background()
	db, err := storage.Open(ctx, storage.Options{Driver: "sqlite", DSN: b.TempDir() + "/dispatch.db"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	store := storage.NewReminderStore(db)
	var worst, med time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now().Add(200 * time.Millisecond)
		var plan []campaignbot.Reminder
		for k := range 500 {
			plan = append(plan, reminderAt(fmt.Sprintf("r%d-%03d", i, k), start.Add(time.Duration(k)*5*time.Millisecond), campaignbot.ChannelID(fmt.Sprint("c", k%20))))
		}
		m := &fastMessenger{sent: map[string]time.Time{}}
		d := &scheduler.Dispatcher{Store: store, Messenger: m, Config: func() *config.Config { return testConfig() }, Owner: "bench"}
		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); _ = d.Run(runCtx) }()
		if _, err := store.Replan(ctx, fmt.Sprint("job:latency", i), plan, time.Time{}); err != nil {
			b.Fatal(err)
		}
		d.Wake()
		deadline := time.Now().Add(30 * time.Second)
		for {
			m.mu.Lock()
			n := len(m.sent)
			m.mu.Unlock()
			if n == len(plan) || time.Now().After(deadline) {
				break
			}
			time.Sleep(10 * time.Millisecond) // polling a benchmark's progress, not a test's wait
		}
		cancel()
		<-done
		var lates []time.Duration
		for _, r := range plan {
			at, ok := m.sent[r.Key]
			if !ok {
				b.Fatalf("%s was not sent", r.Key)
			}
			lates = append(lates, at.Sub(r.At))
		}
		slices.Sort(lates)
		worst, med = max(worst, lates[len(lates)-1]), lates[len(lates)/2]
	}
	b.ReportMetric(float64(worst.Milliseconds()), "ms-worst-late")
	b.ReportMetric(float64(med.Milliseconds()), "ms-median-late")
}
