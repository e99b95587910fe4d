package scheduler_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/internal/peakmem"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// benchConfig is the example config grown to 1,000 milestones (20
// campaigns of 50) and 50 jobs.
func benchConfig(b testing.TB) *config.Config {
	cfg := *exampleConfig(b)
	cfg.Admins = nil
	base := cfg.Campaigns[0]
	cfg.Campaigns = nil
	for c := range 20 {
		cp := base
		cp.ID = fmt.Sprintf("c%02d", c)
		cp.Channel = campaignbot.ChannelID(fmt.Sprintf("war-room-%02d", c))
		cp.DDay = base.DDay.AddDate(0, 0, c)
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
		jb.From, jb.Until = time.Time{}, time.Time{}
		cfg.Jobs = append(cfg.Jobs, jb)
	}
	return &cfg
}

// BenchmarkStartupPlanning plans 1,000 milestones, 50 jobs and the nudges
// of 33,334 to-dos due within a week (100,000 pending nudges) into a
// SQLite file that already holds that plan, as a restart does. Target:
// under 2 s and 64 MiB.
func BenchmarkStartupPlanning(b *testing.B) {
	ctx := context.Background()
	db, err := storage.Open(ctx, storage.Options{Driver: "sqlite", DSN: b.TempDir() + "/plan.db"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cfg := benchConfig(b)
	// Real time: the store stamps to-dos with it, and nudges are planned
	// only after a to-do's last change.
	now := time.Now().Truncate(time.Minute)
	todos := storage.NewTodoService(db)
	var batch []*campaignbot.Todo
	for i := range 33_334 {
		batch = append(batch, &campaignbot.Todo{Workspace: "T1", Title: fmt.Sprint("task ", i), Creator: "wang.fang", Channel: "elsewhere",
			Assignees: []campaignbot.UserID{campaignbot.UserID(fmt.Sprintf("u%03d", i%400))},
			Due:       now.Add(48*time.Hour + time.Duration(i%(5*24*60))*time.Minute)})
		if len(batch) == 5000 || i == 33_333 {
			if err := todos.ImportTodos(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	store := storage.NewReminderStore(db)
	p := &scheduler.Planner{Store: store, Features: []scheduler.SourcePlanner{
		&scheduler.TodoNudges{Todos: todos, Store: store, Config: func() *config.Config { return cfg }},
	}}
	var first time.Duration
	firstPeak, first := peakmem.Measure(func() {
		if _, err := p.Plan(ctx, cfg, now); err != nil {
			b.Fatal(err)
		}
	})
	pending, _ := store.Reminders(ctx, campaignbot.ReminderFilter{Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderPending}})
	nudges := 0
	for _, r := range pending {
		if r.Kind == campaignbot.ReminderTodo {
			nudges++
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
	b.ReportMetric(float64(len(pending)), "pending")
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

// TestDispatcherBurst drains 10,000 reminders due in the same minute over
// 100 channels at one message per second per channel, in virtual time: none
// is lost or doubled, and the burst takes about 100 s, not 10,000 s.
func TestDispatcherBurst(t *testing.T) {
	realStart := time.Now()
	synctest.Test(t, func(t *testing.T) {
		db := storagetest.OpenSQLite(t) // in the bubble: see TestDispatcherOnTimeOnceAcrossRestarts
		start := time.Now()
		store := storage.NewReminderStore(db)
		var plan []campaignbot.Reminder
		for i := range 10_000 {
			plan = append(plan, reminderAt(fmt.Sprintf("k%05d", i), start.Add(time.Minute), campaignbot.ChannelID(fmt.Sprintf("c%03d", i%100))))
		}
		if _, err := store.Replan(context.Background(), "job:burst", plan, start); err != nil {
			t.Fatal(err)
		}
		m := &messenger{perChannel: time.Second}
		d := newDispatcher(db, m, testConfig(), "one")
		d.Parallel = 100
		runFor(t, d, 30*time.Minute)
		seen := map[string]bool{}
		var last time.Time
		for _, s := range m.all() {
			if seen[s.msg.Key] {
				t.Fatalf("%s delivered twice", s.msg.Key)
			}
			seen[s.msg.Key] = true
			last = s.at
		}
		if len(seen) != 10_000 {
			t.Fatalf("%d delivered, want 10,000", len(seen))
		}
		took := last.Sub(start.Add(time.Minute))
		t.Logf("10,000 reminders over 100 channels drained in %v of virtual time", took)
		if took > 3*time.Minute {
			t.Errorf("the burst took %v; channels were not sent in parallel at their rate", took)
		}
	})
	t.Logf("real time: %v", time.Since(realStart).Round(time.Millisecond))
}
