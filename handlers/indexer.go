package handlers

import (
	"context"
	"log/slog"
	"sync"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/extract"
)

// IndexJob is one file whose text is to be extracted and indexed.
type IndexJob struct {
	Workspace campaignbot.WorkspaceID
	File      *campaignbot.File
	// Notify, when set, is told in the file's language-neutral Text why the
	// file's contents are not searchable; it must not block for long.
	Notify func(ctx context.Context, why campaignbot.Text)
}

// Indexer extracts the text of saved files in the background, a few at a
// time, so that saving never waits for it. Wait blocks until every job
// enqueued so far is done, for tests and shutdown.
type Indexer struct {
	kb    campaignbot.KnowledgeBase
	blobs campaignbot.BlobStore
	log   *slog.Logger
	sem   chan struct{}
	wg    sync.WaitGroup
	ctx   context.Context
}

// NewIndexer returns an Indexer running at most workers extractions at
// once (at least 1). Jobs stop early when ctx is done.
func NewIndexer(ctx context.Context, kb campaignbot.KnowledgeBase, blobs campaignbot.BlobStore, workers int, log *slog.Logger) *Indexer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Indexer{kb: kb, blobs: blobs, log: log, sem: make(chan struct{}, max(1, workers)), ctx: ctx}
}

// Enqueue starts indexing j in the background and returns at once.
func (x *Indexer) Enqueue(j IndexJob) {
	x.wg.Add(1)
	go func() {
		defer x.wg.Done()
		select {
		case x.sem <- struct{}{}:
		case <-x.ctx.Done():
			return
		}
		defer func() { <-x.sem }()
		x.index(x.ctx, j)
	}()
}

// Resume enqueues up to limit files whose extraction never finished, e.g.
// because the bot stopped, and returns how many.
func (x *Indexer) Resume(ctx context.Context, limit int) (int, error) {
	files, err := x.kb.FindFiles(ctx, campaignbot.FileFilter{TextPending: true, AnyHolder: true, Limit: limit})
	if err != nil {
		return 0, err
	}
	for _, f := range files {
		x.Enqueue(IndexJob{Workspace: f.Workspace, File: f})
	}
	return len(files), nil
}

// Wait blocks until every enqueued job has finished.
func (x *Indexer) Wait() { x.wg.Wait() }

// index extracts and stores the text of one file. Stopped (ctx done), it
// leaves the file pending, for Resume, and says nothing.
func (x *Indexer) index(ctx context.Context, j IndexJob) {
	f := j.File
	kind := extract.KindOf(f.Name, f.MIME)
	var (
		text   string
		status = campaignbot.TextNone
		err    error
	)
	if kind != extract.KindNone {
		rc, oerr := x.blobs.Open(ctx, f.SHA256)
		if oerr != nil {
			if ctx.Err() == nil {
				x.log.Error("indexing: open blob", "file", f.ID, "err", oerr)
			}
			return
		}
		text, status, err = extract.Text(ctx, rc, kind, f.Name)
		rc.Close()
		if status == campaignbot.TextPending {
			if ctx.Err() == nil {
				x.log.Error("indexing: extract", "file", f.ID, "err", err)
			}
			return
		}
	}
	if ctx.Err() != nil {
		return
	}
	if serr := x.kb.SetFileText(ctx, j.Workspace, f.ID, status, text); serr != nil {
		if ctx.Err() == nil {
			x.log.Error("indexing: store text", "file", f.ID, "err", serr)
		}
		return
	}
	if status == campaignbot.TextUnreadable && j.Notify != nil {
		j.Notify(ctx, campaignbot.ErrorText(err))
	}
}
