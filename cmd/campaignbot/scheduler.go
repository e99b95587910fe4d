package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/console"
	"github.com/campaignbot/campaignbot/progress"
	"github.com/campaignbot/campaignbot/review"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
)

// scheduler wires the planner and the dispatcher to the adapter that
// delivers reminders.
// It must run before the adapter starts: it completes the to-do nudges
// planner the handlers use.
func (a *app) scheduler(adapter bot.Adapter) *scheduler.Service {
	store := storage.NewReminderStore(a.db)
	host, _ := os.Hostname()
	who := &scheduler.PeopleDirectory{Chat: adapter, Logger: a.log, Choices: a.languages, ChoicesWorkspace: console.Workspace}
	if dir, ok := adapter.(directoryAdapter); ok {
		who.Users, who.Workspace, who.ChoicesWorkspace = a.users, dir.Workspace(), dir.Workspace()
	}
	a.readers.set(who)
	dispatcher := &scheduler.Dispatcher{
		Store:     store,
		Messenger: adapter,
		Config:    a.watcher.Current,
		Owner:     fmt.Sprintf("%s/%d", host, os.Getpid()),
		Composers: a.composers(store, adapter, who),
		Languages: who,
		Logger:    a.log,
	}
	a.nudges.People = who
	a.nudges.Wake = dispatcher.Wake
	overrides := a.overrides
	svc := &scheduler.Service{
		Planner: &scheduler.Planner{
			Store:    store,
			People:   who,
			Features: []scheduler.SourcePlanner{a.nudges},
			Logger:   a.log,
			Overrides: func(ctx context.Context) ([]campaignbot.MilestoneOverride, error) {
				return overrides.Overrides(ctx, "")
			},
		},
		Dispatcher: dispatcher,
		Config:     a.watcher.Current,
		Changes:    a.watcher.Subscribe(),
		Logger:     a.log,
		Hourly:     []func(context.Context){a.pruneEvents},
	}
	a.replanner.set(svc)
	return svc
}

// directoryAdapter is a chat adapter that keeps its workspace's users in
// the user directory (Slack).
type directoryAdapter interface {
	Workspace() campaignbot.WorkspaceID
}

// composers returns the composers of reminders rendered at send time,
// each in its recipient's language (langs); the automatic review looks
// channels and users up through adapter.
func (a *app) composers(store campaignbot.ReminderStore, adapter bot.Adapter, langs scheduler.Languages) map[campaignbot.ReminderKind]scheduler.Composer {
	todo := scheduler.TodoComposer{Todos: a.nudges.Todos, Config: a.watcher.Current, Languages: langs}
	ack := scheduler.AckComposer{Reminders: store, Store: storage.NewAckStore(a.db), Config: a.watcher.Current,
		Originals: map[campaignbot.ReminderKind]scheduler.Composer{campaignbot.ReminderTodo: todo}, Languages: langs}
	return map[campaignbot.ReminderKind]scheduler.Composer{
		campaignbot.ReminderReport:      scheduler.ReportComposer{Store: store, Config: a.watcher.Current, Languages: langs},
		campaignbot.ReminderTodo:        todo,
		campaignbot.ReminderEscalate:    todo,
		campaignbot.ReminderDigest:      todo,
		campaignbot.ReminderAckReping:   ack,
		campaignbot.ReminderAckEscalate: ack,
		campaignbot.ReminderProgress: progress.Composer{Reporter: a.progress, Config: a.watcher.Current,
			Overrides: a.overrides, Logger: a.log},
		campaignbot.ReminderReview: review.Composer{Compiler: a.reviews(adapter), Config: a.watcher.Current,
			Overrides: a.overrides, Logger: a.log,
			Workspace: func() campaignbot.WorkspaceID {
				if dir, ok := adapter.(directoryAdapter); ok {
					return dir.Workspace()
				}
				return console.Workspace
			},
			Bot: func() campaignbot.UserID { return adapter.BotUser().ID }},
	}
}

// eventRetention is how long handled deliveries are remembered. Slack
// retries an event it saw no answer to within about an hour, and Socket
// Mode redelivers what was not acknowledged within minutes; two days is a
// wide margin.
const eventRetention = 48 * time.Hour

// pruneEvents deletes the deliveries recorded more than eventRetention ago.
func (a *app) pruneEvents(ctx context.Context) { a.pruneEventsAt(ctx, time.Now()) }

// pruneEventsAt is pruneEvents as run at the instant now.
func (a *app) pruneEventsAt(ctx context.Context, now time.Time) {
	n, err := storage.NewEventLog(a.db).Prune(ctx, now.Add(-eventRetention))
	switch {
	case err != nil && ctx.Err() == nil:
		a.log.Error("pruning the event log", "err", err)
	case n > 0:
		a.log.Info("pruned the event log", "deleted", n, "older_than", eventRetention)
	}
}

// reviews returns the compiler of campaign reviews, looking channels and
// users up through dir (nil names only the campaign channel).
func (a *app) reviews(dir campaignbot.Directory) review.Compiler {
	return review.Compiler{Todos: storage.NewTodoService(a.db), Reminders: storage.NewReminderStore(a.db),
		KB: storage.NewKnowledgeBase(a.db), Blobs: a.blobs, Charts: a.progress.Charts, Directory: dir}
}
