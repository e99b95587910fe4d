package kbexport_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/campaignbot/campaignbot"
)

// chromiumPath is Debian's Chromium (package chromium), which .ci/run
// installs.
const chromiumPath = "/usr/bin/chromium"

// TestIndexHTMLInBrowser opens an unzipped export's index.html from disk
// in headless Chromium, as a person would after the campaign: every
// thumbnail loads, typing in the filter box hides and shows rows (in
// English and Chinese, Escape clears it), nothing is fetched but files
// under the export folder, and clicking a file's link opens the extracted
// file itself.
func TestIndexHTMLInBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("skipping the browser test of index.html: no headless Chromium at %s (Debian: apt-get install chromium; .ci/run installs it)", chromiumPath)
	}
	start := time.Now()
	dir := t.TempDir()
	unzip(t, exportZip(t, shanghai(t), campaignbot.Chinese), dir)

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// The flags keep Chromium off the network it has no business with
	// (on a closed network it fails without them) and out of ~/.config.
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	// Registered after TempDir, so it runs first: the browser is gone
	// before its profile folder is removed.
	t.Cleanup(cancelAlloc)
	bctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(cancelTab)

	var mu sync.Mutex
	var requests []string
	if err := chromedp.Listen(bctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}

	index := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, "index.html"))}).String()
	if _, err := chromedp.Run(bctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Navigate(index))); err != nil {
		t.Fatalf("open %s: %v", index, err)
	}
	t.Logf("Chromium started and loaded index.html in %v", time.Since(start).Round(time.Millisecond))

	eval := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(bctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return n
	}
	visible := func() int {
		t.Helper()
		// Rows a person sees: laid out, not merely present.
		return eval(`Array.from(document.querySelectorAll("tbody.group")).filter(g => g.offsetParent !== null).length`)
	}
	typeFilter := func(keys string) {
		t.Helper()
		if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.ID("q"), keys)); err != nil {
			t.Fatalf("type %q: %v", keys, err)
		}
	}
	shown := func() string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.ID("shown")))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	if n := visible(); n != 6 {
		t.Fatalf("%d file rows visible before filtering, want 6", n)
	}
	// Thumbnails load lazily: bring each into view, wait for it, and
	// count those that failed or are not scaled to 64 px.
	bad, err := chromedp.Run(bctx, chromedp.Evaluate[int](`Promise.all(Array.from(document.querySelectorAll("img")).map(i => {
		i.scrollIntoView();
		return i.complete ? i : new Promise(r => { i.onload = i.onerror = () => r(i); });
	})).then(imgs => { scrollTo(0, 0); return imgs.filter(i => !(i.naturalWidth > 0 && i.getBoundingClientRect().width === 64 && i.getBoundingClientRect().height === 64)).length; })`,
		chromedp.EvalAwaitPromise))
	if bad != 0 {
		dbg, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`JSON.stringify(Array.from(document.querySelectorAll("img")).map(i => [i.src, i.complete, i.naturalWidth, i.getBoundingClientRect().width, i.getBoundingClientRect().height]))`))
		t.Log(dbg)
	}
	if err != nil || bad != 0 {
		t.Errorf("%d thumbnails did not load or are not 64 px (%v)", bad, err)
	}
	if n := eval(`document.querySelectorAll("img").length`); n != 1 {
		t.Errorf("%d thumbnails, want 1 (banner.png)", n)
	}

	// A name: one row, and only its folder's section.
	typeFilter("banner")
	if n := visible(); n != 1 || shown() != "1" {
		t.Errorf("filter banner: %d rows visible, count %q; want 1", n, shown())
	}
	if n := eval(`document.querySelectorAll("section.folder:not([hidden])").length`); n != 1 {
		t.Errorf("filter banner: %d folder sections shown, want 1", n)
	}
	if n := eval(`document.querySelectorAll("nav li:not(.none)").length`); n != 3 {
		t.Errorf("filter banner: %d folders in the tree still hold matches, want 3 (Double 11, Design, KV)", n)
	}

	// Escape clears; every row is back.
	typeFilter("\x1b")
	if n := visible(); n != 6 {
		t.Errorf("after Escape: %d rows visible, want 6", n)
	}

	// A Chinese tag matches the group of plan.txt (all its versions).
	typeFilter("预热")
	if n := visible(); n != 1 {
		t.Errorf("filter 预热: %d rows visible, want 1 (plan.txt)", n)
	}
	if n := eval(`document.querySelectorAll("tbody.group:not([hidden]) tr").length`); n != 3 {
		t.Errorf("filter 预热: %d version rows visible, want 3", n)
	}
	typeFilter("\x1b")

	// Two words must both match; nothing matches says so.
	typeFilter("text planning")
	if n := visible(); n != 3 {
		t.Errorf("filter 'text planning': %d rows visible, want 3", n)
	}
	typeFilter(" zzz")
	if n := visible(); n != 0 || eval(`document.getElementById("none").offsetParent === null ? 0 : 1`) != 1 {
		t.Errorf("filter with no match: %d rows visible, or the no-match line is hidden", n)
	}
	typeFilter("\x1b")

	// Follow the link of a file with a Chinese name, a space and a #.
	want := filepath.Join(dir, "Double 11", "Planning", "会议纪要 #1.txt")
	if _, err := chromedp.Run(bctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.Search(`//a[@class="file" and text()="会议纪要 #1.txt"]`)))); err != nil {
		t.Fatalf("click the file link: %v", err)
	}
	loc, err := chromedp.Run(bctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil || u.Scheme != "file" || u.Path != filepath.ToSlash(want) {
		t.Errorf("the link opened %q, want the extracted file %s", loc, want)
	}
	body, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(body) != strings.TrimSpace(minutes) {
		t.Errorf("the opened file shows %q, want %q", body, minutes)
	}

	// Offline: nothing was requested but files in the export folder.
	mu.Lock()
	defer mu.Unlock()
	for _, r := range requests {
		if !strings.HasPrefix(r, "file://"+filepath.ToSlash(dir)+"/") {
			t.Errorf("the page requested %s, outside the export", r)
		}
	}
	if len(requests) < 3 {
		t.Errorf("only %d requests seen (%q): the network listener missed the page", len(requests), requests)
	}
	t.Logf("browser test took %v", time.Since(start).Round(time.Millisecond))
}
