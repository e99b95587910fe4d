// Package handlers holds campaignbot's command and event handlers. They
// speak to people through bot.Request and to storage through the root
// package's service interfaces, never through gorm or slack-go, so they run
// the same on every chat adapter and database.
package handlers

import (
	"log/slog"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/progress"
	"github.com/campaignbot/campaignbot/review"
)

// Deps are the services the handlers use.
type Deps struct {
	KnowledgeBase campaignbot.KnowledgeBase
	Blobs         campaignbot.BlobStore
	// Indexer extracts file text in the background; nil starts one.
	Indexer *Indexer
	// ExportDir is where /kb export writes zips; "" turns chat exports off.
	ExportDir string
	// Todos stores to-dos; nil turns /todo off and shows none on the home
	// page or in /campaign schedule.
	Todos campaignbot.TodoService
	// Nudges re-plans a to-do's reminders after it changes.
	Nudges TodoPlanner
	// Reminders is the scheduler's store, shown by /campaign.
	Reminders campaignbot.ReminderStore
	// Overrides keeps milestones added and moved in chat; nil turns
	// /campaign add-milestone, move and reset off.
	Overrides campaignbot.CampaignOverrides
	// Replanner re-plans reminders after such a change; nil leaves it to
	// the scheduler's next planning run.
	Replanner Replanner
	// Acks records and tells acknowledgements of reminders; nil turns
	// /ack, the Got it button and /campaign acks off.
	Acks campaignbot.AckService
	// ImportPreviews keeps the previews of meeting notes read for to-dos
	// until they are confirmed; nil keeps them in memory, lost on restart
	// and not shared by replicas.
	ImportPreviews campaignbot.ImportPreviews
	// Progress answers /campaign progress; nil turns it off.
	Progress *progress.Reporter
	// Languages keeps the languages people chose (`language ja`); nil
	// turns the language command off.
	Languages campaignbot.LanguageChoices
	Logger    *slog.Logger
}

// Register registers every handler on r.
func Register(r *bot.Router, d Deps) {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	h := &helpHandler{router: r}
	help := h.handle
	mention := h.handleMention
	var lang *languageHandler
	if d.Languages != nil {
		lang = &languageHandler{choices: d.Languages, router: r, replanner: d.Replanner, log: d.Logger}
		help = lang.helpOr(help)
	}
	r.Command("help", campaignbot.T("handlers.show-what-i-can-do-help"), help)
	var t *todoHandler
	if d.Todos != nil {
		t = &todoHandler{todos: d.Todos, nudges: d.Nudges, help: h, log: d.Logger, imports: importStore{previews: d.ImportPreviews}}
		t.importer, _ = d.Todos.(campaignbot.TodoImporter)
		r.Command("todo", todoSummary, t.handle)
		mention = t.handleMention
		r.Action("todo", t.buttonAction)
		r.Form("todo.edit", t.editForm)
		r.OnShortcut(ShortcutTodoImport, t.handleImportShortcut)
		r.Form(FormImportEdit, t.editImportForm)
	}
	files, kb := registerKnowledgeBase(r, d)
	if t != nil {
		// A file shared with the comment "to-dos" is read for to-dos;
		// every other share goes to the knowledge base.
		r.OnFiles(t.filesOr(files))
	}
	r.OnHome((&homeHandler{todos: d.Todos, acks: d.Acks}).handle)
	c := &campaignHandler{reminders: d.Reminders, todos: d.Todos, overrides: d.Overrides, replanner: d.Replanner, progress: d.Progress, log: d.Logger}
	if d.Todos != nil && d.KnowledgeBase != nil && d.Blobs != nil {
		c.reviews = &review.Compiler{Todos: d.Todos, Reminders: d.Reminders, KB: d.KnowledgeBase, Blobs: d.Blobs}
		if d.Progress != nil {
			c.reviews.Charts = d.Progress.Charts
		}
		c.kb = kb
	}
	if d.Acks != nil {
		a := &ackHandler{acks: d.Acks, log: d.Logger}
		r.Command("ack", ackSummary, a.command)
		r.Action(campaignbot.AckAction, a.buttonAction)
		mention = a.replyAck(mention)
		c.acks = a
	}
	if lang != nil {
		mention = lang.mentionOr(mention)
	}
	r.OnMention(mention)
	r.Command("campaign", campaignbot.T("handlers.campaigns-milestone-timeline-and-the"), c.handle)
	r.Action("campaign.timeline", c.timelineAction)
}
