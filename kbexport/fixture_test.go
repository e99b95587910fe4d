package kbexport_test

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/kbexport"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// The export the tests read: "Double 11" with a file at its root, a plan
// in three versions, a Chinese file name with a space and a #, a name
// with characters URLs reserve, an image and a PDF in a subfolder, and an
// empty folder. Times are UTC; the page shows them in Asia/Shanghai.
var (
	exportedAt = time.Date(2026, 11, 10, 16, 0, 0, 0, time.UTC)  // 2026-11-11 00:00 in Shanghai
	planV3At   = time.Date(2026, 11, 10, 18, 30, 0, 0, time.UTC) // 2026-11-11 02:30 in Shanghai
	permalink  = "https://example.slack.com/archives/C0DESIGN/p1762800000000100"
	minutes    = "启动会：11月1日预热开始\nKickoff: warm-up starts 1 November\n"
)

type fixtureFile struct {
	folder, name, title, mime string
	data                      []byte
	at                        time.Time
	tags                      []string
	channel, permalink        string
}

func fixtureFiles(t testing.TB) []fixtureFile {
	return []fixtureFile{
		{folder: "Double 11", name: "brief.md", title: "Campaign brief", mime: "text/markdown", data: []byte("# Double 11\n"), at: time.Date(2026, 9, 30, 1, 0, 0, 0, time.UTC)},
		{folder: "Double 11/Planning", name: "plan.txt", title: "Campaign plan", mime: "text/plain", data: []byte("plan v1\n"), at: time.Date(2026, 10, 1, 2, 0, 0, 0, time.UTC), tags: []string{"预热"}},
		{folder: "Double 11/Planning", name: "plan.txt", title: "Campaign plan", mime: "text/plain", data: []byte("plan v2, longer\n"), at: time.Date(2026, 10, 15, 10, 0, 0, 0, time.UTC), tags: []string{"预热"}},
		{folder: "Double 11/Planning", name: "plan.txt", title: "Campaign plan", mime: "text/plain", data: []byte("plan v3, the one we ran\n"), at: planV3At, tags: []string{"预热", "final"}},
		{folder: "Double 11/Planning", name: "会议纪要 #1.txt", title: "Kickoff minutes 启动会纪要", mime: "text/plain; charset=utf-8", data: []byte(minutes), at: time.Date(2026, 10, 20, 3, 0, 0, 0, time.UTC), tags: []string{"kickoff"}},
		{folder: "Double 11/Planning", name: "Q&A 50% off.txt", title: "Coupon questions", mime: "text/plain", data: []byte("Q&A\n"), at: time.Date(2026, 10, 21, 3, 0, 0, 0, time.UTC)},
		{folder: "Double 11/Design/KV", name: "banner.png", title: "Main banner", mime: "image/png", data: pngBytes(t), at: time.Date(2026, 10, 25, 8, 0, 0, 0, time.UTC), tags: []string{"KV"}, channel: "C0DESIGN", permalink: permalink},
		{folder: "Double 11/Design/KV", name: "poster.pdf", title: "Poster", mime: "application/pdf", data: []byte("%PDF-1.4\n%%EOF\n"), at: time.Date(2026, 10, 26, 8, 0, 0, 0, time.UTC)},
	}
}

// pngBytes is a 120×80 image, two colours, so a thumbnail shows something.
func pngBytes(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 120, 80))
	for y := range 80 {
		for x := range 120 {
			c := color.RGBA{0xe4, 0x39, 0x3c, 0xff}
			if x > y {
				c = color.RGBA{0xff, 0xc1, 0x07, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// exportZip builds the fixture knowledge base and returns its export of
// "Double 11" in zone loc with labels in lang first.
func exportZip(t testing.TB, loc *time.Location, lang campaignbot.Language) []byte {
	t.Helper()
	ctx := context.Background()
	db := storagetest.OpenSQLite(t)
	blobs, err := storage.OpenBlobStore(ctx, t.TempDir(), storage.WithReferences(db))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	kb := storage.NewKnowledgeBase(db, storage.WithNumbers(storagetest.SequentialNumbers()))
	if _, err := kb.EnsureFolder(ctx, "T1", "Double 11/Empty"); err != nil {
		t.Fatal(err)
	}
	for _, f := range fixtureFiles(t) {
		folder, err := kb.EnsureFolder(ctx, "T1", campaignbot.FolderPath(f.folder))
		if err != nil {
			t.Fatal(err)
		}
		blob, err := blobs.Put(ctx, bytes.NewReader(f.data), 0)
		if err != nil {
			t.Fatal(err)
		}
		err = kb.AddFile(ctx, &campaignbot.File{
			Workspace: "T1", FolderID: &folder.ID, Name: f.name, Title: f.title, MIME: f.mime,
			Size: blob.Size, SHA256: blob.SHA256, Uploader: "U0ALICE", SharedAt: f.at, Tags: f.tags,
			Channel: campaignbot.ChannelID(f.channel), Permalink: f.permalink,
		})
		if err != nil {
			t.Fatalf("add %s: %v", f.name, err)
		}
	}
	var out bytes.Buffer
	_, err = kbexport.Write(ctx, &out, kbexport.Options{
		KB: kb, Blobs: blobs, Workspace: "T1", Root: "Double 11", Now: exportedAt, Location: loc, Language: lang,
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// unzip extracts data into dir as someone opening the export would.
func unzip(t testing.TB, data []byte, dir string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(p, dir+string(filepath.Separator)) {
			t.Fatalf("zip entry outside the folder: %q", f.Name)
		}
		if strings.HasSuffix(f.Name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
