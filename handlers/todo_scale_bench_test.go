package handlers_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestMain removes the databases the scale benchmarks share when the run
// ends.
func TestMain(m *testing.M) {
	code := m.Run()
	closeScaleWorlds()
	os.Exit(code)
}

// A scale fixture is a workspace's to-do history: n to-dos created over two
// years, due one after another from about 22 months ago to two months
// ahead (one in ten without a due date). Those due more than a week ago
// are done (one in twenty deleted, one in fifty still open, overdue); the
// rest are open. They come from 100 channels and belong to 500 people, 200
// of them to alice. Titles hold four words of a 2,000-word vocabulary
// (each word in about 0.2% of the titles) and a SKU number. Nudges are
// planned as the hourly planning does.
type scaleFixture struct {
	db *storage.DB
	// now is when the fixture was built: due dates are relative to it.
	now time.Time
	// active are the numbers of open to-dos due within the planning
	// horizon, which have nudges planned.
	active []int64
}

var (
	scaleMu     sync.Mutex
	scaleWorlds = map[string]*scaleFixture{}
	scaleClose  []func() error
)

// closeScaleWorlds closes and removes the shared fixtures.
func closeScaleWorlds() {
	scaleMu.Lock()
	defer scaleMu.Unlock()
	for _, c := range scaleClose {
		if err := c(); err != nil {
			fmt.Fprintln(os.Stderr, "closing a benchmark database:", err)
		}
	}
	scaleClose, scaleWorlds = nil, map[string]*scaleFixture{}
}

// scaleVocabulary returns n words, Chinese ones of 2-4 characters and
// Latin ones of 4-9 letters, the searched words first.
func scaleVocabulary(r *rand.Rand, n int) []string {
	han := []rune("优惠券活动方案预热页面主视觉详情首页海报报名素材广告资源投放预算商品结构库存价格申报表客服排班话术应急预案物流盘点打包发货流程数据转化复盘归档会员直播满减秒杀")
	words := []string{"coupon", "优惠券", "banner", "预热页面", "海报"}
	for len(words) < n {
		var b strings.Builder
		if len(words)%2 == 0 {
			for range 2 + r.IntN(3) {
				b.WriteRune(han[r.IntN(len(han))])
			}
		} else {
			for range 4 + r.IntN(6) {
				b.WriteByte(byte('a' + r.IntN(26)))
			}
		}
		words = append(words, b.String())
	}
	return words
}

// scaleWorld returns the bot on the fixture of n to-dos in a database of
// the backend's kind, built once a run and shared by the benchmarks; it
// skips b when the backend is unavailable.
func scaleWorld(b *testing.B, backend storagetest.Backend, n int) (*todoWorld, *scaleFixture) {
	b.Helper()
	scaleMu.Lock()
	defer scaleMu.Unlock()
	key := fmt.Sprintf("%s/%d", backend.Driver, n)
	f := scaleWorlds[key]
	if f == nil {
		ctx := context.Background()
		db, closeDB, err := backend.OpenShared(ctx)
		if errors.Is(err, storagetest.ErrUnavailable) {
			b.Skip(err)
		}
		if err != nil {
			b.Fatal(err)
		}
		scaleClose = append(scaleClose, closeDB)
		start := time.Now()
		f, err = buildScaleFixture(ctx, b, db, n)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: built %d to-dos with nudges in %s", backend.Driver, n, time.Since(start).Round(time.Millisecond))
		scaleWorlds[key] = f
	}
	w := newTodoWorldTB(b, f.db)
	w.now = time.Now()
	// As on Slack, every command is recorded in the event log, whose ids
	// are unique to the run.
	w.router = bot.NewRouter(bot.RouterOptions{
		Config: func() *config.Config { return w.cfg },
		Now:    func() time.Time { return w.now },
		Events: storage.NewEventLog(f.db),
	})
	handlers.Register(w.router, handlers.Deps{Todos: w.todos, Nudges: w.plan, Reminders: w.store})
	w.events = time.Now().UnixNano()
	return w, f
}

// buildScaleFixture stores the to-dos of a scale fixture and plans their
// nudges.
func buildScaleFixture(ctx context.Context, b *testing.B, db *storage.DB, n int) (*scaleFixture, error) {
	f := &scaleFixture{db: db, now: time.Now().Truncate(time.Minute)}
	r := rand.New(rand.NewPCG(13, 6))
	words := scaleVocabulary(r, 2000)
	todos := storage.NewTodoService(db)
	// Due dates run from 22 months ago to 2 months ahead.
	first := f.now.Add(-22 * 30 * 24 * time.Hour)
	step := (24 * 30 * 24 * time.Hour) / time.Duration(n)
	horizon := f.now.Add(8 * 24 * time.Hour)
	batch := make([]*campaignbot.Todo, 0, 5000)
	for i := range n {
		who := campaignbot.UserID(fmt.Sprintf("u%03d", i%500))
		if i%(n/200) == 0 {
			who = "alice"
		}
		var title strings.Builder
		for range 4 {
			title.WriteString(words[r.IntN(len(words))])
			title.WriteByte(' ')
		}
		fmt.Fprintf(&title, "SKU %d", i)
		due := first.Add(time.Duration(i) * step)
		t := &campaignbot.Todo{
			Workspace: "T1", Title: title.String(), Assignees: []campaignbot.UserID{who}, Creator: "wang.fang",
			Channel: campaignbot.ChannelID(fmt.Sprintf("C%04d", i%100)), Due: due,
		}
		switch {
		case due.After(f.now.Add(-7 * 24 * time.Hour)):
			if due.Before(horizon) && i%10 != 3 {
				f.active = append(f.active, int64(i+1))
			}
		case i%20 == 0:
			t.Status = campaignbot.TodoDeleted
		case i%50 != 1:
			t.Status = campaignbot.TodoDone
		}
		if i%10 == 3 {
			t.Due = time.Time{}
		}
		batch = append(batch, t)
		if len(batch) == cap(batch) || i == n-1 {
			if err := todos.ImportTodos(ctx, batch); err != nil {
				return nil, err
			}
			for j, t := range batch {
				if t.Number != int64(i-len(batch)+j+2) {
					return nil, fmt.Errorf("to-do %d got number %d", i-len(batch)+j+1, t.Number)
				}
			}
			batch = batch[:0]
		}
	}
	w := newTodoWorldTB(b, db)
	if err := w.nudges().PlanAll(ctx, w.cfg, time.Now()); err != nil {
		return nil, err
	}
	return f, storagetest.Analyze(ctx, db)
}

// timedMedian runs op b.N times, each after its untimed setup, and
// reports the median time of op.
func timedMedian(b *testing.B, setup, op func(i int)) {
	b.Helper()
	var ds []time.Duration
	for i := 0; b.Loop(); i++ {
		if setup != nil {
			setup(i)
		}
		start := time.Now()
		op(i)
		ds = append(ds, time.Since(start))
	}
	b.ReportMetric(float64(median(ds).Microseconds())/1000, "ms-median")
}

// wantReply fails b unless the bot answered line with one message
// starting with prefix.
func wantReply(b *testing.B, w *todoWorld, user campaignbot.User, line, prefix string) {
	b.Helper()
	texts := w.say(user, line)
	if len(texts) != 1 || !strings.HasPrefix(texts[0], prefix) {
		b.Fatalf("%s: answered %q, want one message starting %q", line, texts, prefix)
	}
}

// BenchmarkTodoChange finishes, reopens, edits, snoozes and reassigns
// to-dos with nudges planned, end to end through the router (the to-do
// found, checked, changed, its nudges re-planned, the answer rendered), at
// 1,000 and 1,000,000 to-dos: each must cost the same at both sizes.
// Each iteration changes the next of the open to-dos due within the
// planning horizon; what is undone between iterations (reopening a to-do
// the done benchmark finished) is not timed.
func BenchmarkTodoChange(b *testing.B) {
	for _, backend := range storagetest.Backends() {
		for _, n := range []int{1_000, 1_000_000} {
			b.Run(fmt.Sprintf("%s/%d", backend.Driver, n), func(b *testing.B) {
				w, f := scaleWorld(b, backend, n)
				num := func(i int) int64 { return f.active[i%len(f.active)] }
				b.Run("done", func(b *testing.B) {
					timedMedian(b, func(i int) {
						wantReply(b, w, uWang, fmt.Sprintf("/todo reopen %d", num(i)), "↩")
					}, func(i int) {
						wantReply(b, w, uWang, fmt.Sprintf("/todo done %d", num(i)), "✅")
					})
				})
				b.Run("reopen", func(b *testing.B) {
					timedMedian(b, func(i int) {
						wantReply(b, w, uWang, fmt.Sprintf("/todo done %d", num(i)), "✅")
					}, func(i int) {
						wantReply(b, w, uWang, fmt.Sprintf("/todo reopen %d", num(i)), "↩")
					})
				})
				b.Run("edit", func(b *testing.B) {
					timedMedian(b, nil, func(i int) {
						wantReply(b, w, uWang, fmt.Sprintf("/todo edit %d due %s", num(i), []string{"tomorrow 6pm", "friday 5pm"}[i/len(f.active)%2]), "✏️")
					})
				})
				b.Run("snooze", func(b *testing.B) {
					timedMedian(b, nil, func(i int) {
						wantReply(b, w, uWang, fmt.Sprintf("/todo snooze %d 2h", num(i)), "💤")
					})
				})
				b.Run("assign", func(b *testing.B) {
					timedMedian(b, nil, func(i int) {
						wantReply(b, w, uWang, fmt.Sprintf("/todo assign %d <@%s>", num(i), []string{"bob", "alice"}[i/len(f.active)%2]), "👤")
					})
				})
			})
		}
	}
}

// BenchmarkTodoList1M answers /todo list (alice's 200 among them), /todo
// list all, /todo list all overdue and /todo list #channel (one of 100
// channels) over 1,000,000 to-dos end to end through the router, showing
// the first 50 in due order. Target: each under 20 ms.
func BenchmarkTodoList1M(b *testing.B) {
	for _, backend := range storagetest.Backends() {
		b.Run(backend.Driver, func(b *testing.B) {
			w, _ := scaleWorld(b, backend, 1_000_000)
			for _, c := range []struct {
				name string
				user campaignbot.User
				line string
				want string
			}{
				{"mine", uAlice, "/todo list", "Your open to-dos ("},
				{"all", uWang, "/todo list all", "All open to-dos (50+):"},
				{"all-overdue", uWang, "/todo list all overdue", "All open to-dos (overdue) (50+):"},
				{"channel", uWang, "/todo list <#C0042>", "Open to-dos from <#C0042> (50+):"},
			} {
				b.Run(c.name, func(b *testing.B) {
					timedMedian(b, nil, func(int) { wantReply(b, w, c.user, c.line, c.want) })
				})
			}
		})
	}
}

// BenchmarkTodoSearch1M answers /todo search over the titles of 1,000,000
// to-dos, open and finished, end to end through the router: a word in
// about 0.2% of the titles in English and in Chinese, a four-character
// Chinese word, and two-character ones, found through the bigram index
// (migration 12): 海报, a word of the vocabulary, and 价保, in no title.
// Target: under 20 ms each.
func BenchmarkTodoSearch1M(b *testing.B) {
	for _, backend := range storagetest.Backends() {
		b.Run(backend.Driver, func(b *testing.B) {
			w, _ := scaleWorld(b, backend, 1_000_000)
			for _, q := range []string{"coupon", "优惠券", "预热页面", "海报", "价保"} {
				want := fmt.Sprintf("To-dos matching %q (50+):", q)
				if q == "价保" {
					want = fmt.Sprintf("To-dos matching %q: none.", q)
				}
				b.Run(q, func(b *testing.B) {
					timedMedian(b, nil, func(int) {
						wantReply(b, w, uWang, "/todo search "+q, want)
					})
				})
			}
		})
	}
}
