package handlers_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/console"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// BenchmarkIngest1000 shares 1,000 small files one message each, end to
// end: download, blob store, knowledge-base entry, filing, reply and
// background text extraction, on SQLite.
func BenchmarkIngest1000(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		db := storagetest.OpenSQLite(b)
		e := newBenchEnv(b, db)
		files := make([]bot.SharedFile, 1000)
		for i := range files {
			id := fmt.Sprintf("F%d", i)
			e.chat.Files[id] = []byte(fmt.Sprintf("活动方案 %d: coupon banner plan, 优惠券 %d\n", i, i*7))
			files[i] = bot.SharedFile{ID: id, Name: fmt.Sprintf("plan-%d.md", i), Size: int64(len(e.chat.Files[id]))}
		}
		b.StartTimer()
		start := time.Now()
		for i, f := range files {
			e.r.HandleMessage(context.Background(), e.chat, &bot.Message{Workspace: "T1", TS: strconv.Itoa(i), User: alice, Channel: general, Files: []bot.SharedFile{f}, Time: time.Now()})
		}
		e.indexer.Wait()
		b.ReportMetric(time.Since(start).Seconds(), "s/1000-files")
		b.StopTimer()
		if n, _ := e.store.CountFiles(context.Background(), "T1", ""); n[0]+sumCounts(n) == 0 {
			b.Fatal("nothing saved")
		}
		b.StartTimer()
	}
}

func sumCounts(m map[int64]int) int {
	n := 0
	for id, c := range m {
		if id != 0 {
			n += c
		}
	}
	return n
}

// newBenchEnv is newKBEnv for benchmarks.
func newBenchEnv(b *testing.B, db *storage.DB) *kbEnv {
	ctx := context.Background()
	cfg, err := config.Parse(campaignbot.ExampleConfigName, campaignbot.ExampleConfig)
	if err != nil {
		b.Fatal(err)
	}
	blobs, err := storage.OpenBlobStore(ctx, b.TempDir(), storage.WithReferences(db))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { blobs.Close() })
	e := &kbEnv{store: storage.NewKnowledgeBase(db)}
	e.indexer = handlers.NewIndexer(ctx, e.store, blobs, 2, nil)
	e.r = bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }})
	handlers.Register(e.r, handlers.Deps{KnowledgeBase: e.store, Blobs: blobs, Indexer: e.indexer})
	e.chat = newRecorder()
	return e
}

// bigFile writes a file of n bytes without holding it in memory.
func bigFile(t testing.TB, n int64) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "campaign-video.bin")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := []byte(strings.Repeat("双11 campaign bytes ", 4096))
	for written := int64(0); written < n; {
		k := min(int64(len(chunk)), n-written)
		if _, err := f.Write(chunk[:k]); err != nil {
			t.Fatal(err)
		}
		written += k
	}
	return p
}

// saveBig shares the file at path through the console adapter, which
// streams it from disk, into a directory store.
func saveBig(t testing.TB, path string, size int64) {
	t.Helper()
	saveBigTo(t, t.TempDir(), path, size)
}

// saveBigTo shares the file at path through the console adapter into the
// blob store at location.
func saveBigTo(t testing.TB, location, path string, size int64) {
	t.Helper()
	ctx := context.Background()
	cfg, err := config.Parse(campaignbot.ExampleConfigName, campaignbot.ExampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	c := *cfg
	c.Storage.MaxFileSize = 200 << 20
	db := storagetest.OpenSQLite(t)
	blobs, err := storage.OpenBlobStore(ctx, location, storage.WithReferences(db))
	if err != nil {
		t.Fatal(err)
	}
	defer blobs.Close()
	kb := storage.NewKnowledgeBase(db)
	idx := handlers.NewIndexer(ctx, kb, blobs, 1, nil)
	r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return &c }})
	handlers.Register(r, handlers.Deps{KnowledgeBase: kb, Blobs: blobs, Indexer: idx})
	var out strings.Builder
	a, err := console.New(console.Options{In: strings.NewReader(""), Out: &out, Config: func() *config.Config { return &c }})
	if err != nil {
		t.Fatal(err)
	}
	user, _ := a.User(ctx, "alice")
	ch, _ := a.Channel(ctx, "general")
	r.HandleMessage(ctx, a, &bot.Message{Workspace: console.Workspace, TS: "1", User: user, Channel: ch, Time: time.Now(),
		Files: []bot.SharedFile{{ID: path, Name: "campaign-video.bin", Size: size}}})
	idx.Wait()
	if !strings.Contains(out.String(), "Received *campaign-video.bin* (100.0 MiB)") {
		t.Fatalf("reply: %s", out.String())
	}
}

// TestSave100MiBAllocations checks that saving a 100 MiB file end to end
// allocates far less than the file: the bytes stream.
func TestSave100MiBAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100 MiB")
	}
	const size = 100 << 20
	path := bigFile(t, size)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	saveBig(t, path, size)
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("saving 100 MiB allocated %d MiB", grew>>20)
	}
}

// BenchmarkSave100MiB saves a 100 MiB file end to end and reports the
// growth of the process's peak resident memory (VmHWM, reset through
// /proc/self/clear_refs) and the bytes allocated.
func BenchmarkSave100MiB(b *testing.B) {
	const size = 100 << 20
	path := bigFile(b, size)
	for b.Loop() {
		runtime.GC()
		resetPeak()
		base := procStatus("VmRSS")
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		saveBig(b, path, size)
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(procStatus("VmHWM")-base)/1024, "MiB-peak-RSS-growth")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), "MiB-allocated")
	}
	b.SetBytes(size)
}

// resetPeak resets VmHWM to the current RSS (Linux).
func resetPeak() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// procStatus returns a kB field of /proc/self/status, 0 when unknown.
func procStatus(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
