package handlers

import (
	"context"

	"github.com/campaignbot/campaignbot/bot"
)

// registerKnowledgeBase registers /kb, the file-share handler, the
// one-click save button, the "Save to knowledge base" shortcut and form,
// and returns the file-share handler.
func registerKnowledgeBase(r *bot.Router, d Deps) (bot.Handler, *kbHandler) {
	if d.Indexer == nil && d.KnowledgeBase != nil {
		d.Indexer = NewIndexer(context.Background(), d.KnowledgeBase, d.Blobs, 2, d.Logger)
	}
	k := &kbHandler{kb: d.KnowledgeBase, blobs: d.Blobs, indexer: d.Indexer, exportDir: d.ExportDir, log: d.Logger}
	k.files = &fileShareHandler{kb: d.KnowledgeBase, blobs: d.Blobs, indexer: d.Indexer, kbh: k, log: d.Logger}
	r.OnFiles(k.files.handle)
	r.Command("kb", kbSummary, k.handle)
	r.Action(ActionSaveFile, k.handleSaveButton)
	r.OnShortcut(ShortcutSave, k.handleShortcut)
	r.Form(FormSave, k.handleSaveForm)
	r.Suggest(FormSave, FieldFolder, k.suggestFolders)
	return k.files.handle, k
}
