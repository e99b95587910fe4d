package handlers_test

import (
	"context"
	"io"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/kbexport"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// The 100 MiB benchmarks on S3 (storagetest.S3Env; `make bench-s3` runs
// them against SeaweedFS on loopback, and they skip without it). Peak RSS
// growth is VmHWM above the RSS before, as in BenchmarkSave100MiB.

// BenchmarkSave100MiBS3 saves a 100 MiB file end to end, as
// BenchmarkSave100MiB does, into a store on S3: a multipart upload to a
// staging key, then a server-side copy to the blob's key.
func BenchmarkSave100MiBS3(b *testing.B) {
	const size = 100 << 20
	location := storagetest.S3Bucket(b)
	path := bigFile(b, size)
	for b.Loop() {
		runtime.GC()
		resetPeak()
		base := procStatus("VmRSS")
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		saveBigTo(b, location, path, size)
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(procStatus("VmHWM")-base)/1024, "MiB-peak-RSS-growth")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), "MiB-allocated")
	}
	b.SetBytes(size)
}

// BenchmarkExport100MiBS3 exports a folder holding one 100 MiB file
// stored on S3 as the zip /kb export writes (deflate), to a file, and
// reads the same bytes back as a download does: the bytes stream from
// S3 either way.
func BenchmarkExport100MiBS3(b *testing.B) {
	const size = 100 << 20
	ctx := context.Background()
	location := storagetest.S3Bucket(b)
	db := storagetest.OpenSQLite(b)
	blobs, err := storage.OpenBlobStore(ctx, location, storage.WithReferences(db))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { blobs.Close() })
	kb := storage.NewKnowledgeBase(db)
	src, err := os.Open(bigFile(b, size))
	if err != nil {
		b.Fatal(err)
	}
	blob, err := blobs.Put(ctx, src, 0)
	src.Close()
	if err != nil {
		b.Fatal(err)
	}
	folder, err := kb.EnsureFolder(ctx, "T1", "Double 11/Video")
	if err != nil {
		b.Fatal(err)
	}
	f := &campaignbot.File{Workspace: "T1", FolderID: &folder.ID, Name: "campaign-video.bin", Size: blob.Size, SHA256: blob.SHA256, Uploader: alice.ID, SharedAt: time.Now()}
	if err := kb.AddFile(ctx, f); err != nil {
		b.Fatal(err)
	}
	out := b.TempDir() + "/export.zip"

	b.Run("zip", func(b *testing.B) {
		for b.Loop() {
			measureRSS(b, func() {
				w, err := os.Create(out)
				if err != nil {
					b.Fatal(err)
				}
				sum, err := kbexport.Write(ctx, w, kbexport.Options{KB: kb, Blobs: blobs, Workspace: "T1", Root: "Double 11"})
				w.Close()
				if err != nil || sum.Bytes != size {
					b.Fatalf("export: %+v, %v", sum, err)
				}
			})
		}
		b.SetBytes(size)
	})
	b.Run("download", func(b *testing.B) {
		for b.Loop() {
			measureRSS(b, func() {
				rc, err := blobs.Open(ctx, blob.SHA256)
				if err != nil {
					b.Fatal(err)
				}
				n, err := io.Copy(io.Discard, rc)
				rc.Close()
				if err != nil || n != size {
					b.Fatalf("read %d bytes, %v", n, err)
				}
			})
		}
		b.SetBytes(size)
	})
}

// measureRSS runs fn and reports the growth of peak RSS and the bytes
// allocated.
func measureRSS(b *testing.B, fn func()) {
	runtime.GC()
	resetPeak()
	base := procStatus("VmRSS")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(procStatus("VmHWM")-base)/1024, "MiB-peak-RSS-growth")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), "MiB-allocated")
}
