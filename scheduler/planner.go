package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// DefaultHorizon is how far ahead recurring jobs and reports are planned;
// the planner runs hourly, so the plan always reaches a day ahead.
const DefaultHorizon = 48 * time.Hour

// SourcePlanner plans the reminders of one feature, such as to-do nudges
// and digests, into the store.
type SourcePlanner interface {
	// PlanAll re-plans every reminder of the feature as of now.
	PlanAll(ctx context.Context, cfg *config.Config, now time.Time) error
}

// Planner keeps the reminder store's plan in line with the config and the
// features' data. Planning is idempotent, so replicas may all plan.
type Planner struct {
	Store  campaignbot.ReminderStore
	People People
	// Features plan their own reminders (to-do nudges, digests).
	Features []SourcePlanner
	// Overrides returns the milestones added and moved in chat, merged
	// into the config's campaigns before planning; nil means none.
	Overrides func(ctx context.Context) ([]campaignbot.MilestoneOverride, error)
	// Wake is called after planning, to wake a local dispatcher.
	Wake    func()
	Logger  *slog.Logger
	Horizon time.Duration
}

// PlanResult sums what a planning run changed, by source prefix.
type PlanResult map[string]campaignbot.PlanResult

// Plan re-plans milestones, jobs, reports and every feature as of now.
// It plans as much as it can and returns the problems joined.
func (p *Planner) Plan(ctx context.Context, cfg *config.Config, now time.Time) (PlanResult, error) {
	res, err := p.PlanConfig(ctx, cfg, now)
	return res, errors.Join(err, p.PlanFeatures(ctx, cfg, now))
}

// PlanFeatures re-plans every feature (to-do nudges and digests) as of
// now and returns the problems joined.
func (p *Planner) PlanFeatures(ctx context.Context, cfg *config.Config, now time.Time) error {
	var errs []error
	for _, f := range p.Features {
		if err := f.PlanAll(ctx, cfg, now); err != nil {
			errs = append(errs, err)
		}
	}
	if p.Wake != nil {
		p.Wake()
	}
	return errors.Join(errs...)
}

// PlanConfig re-plans what the config and the milestones changed in chat
// describe (milestones, jobs, progress posts, reviews and reports) as of now: quick, whatever the
// number of to-dos. It plans as much as it can and returns the problems
// joined.
func (p *Planner) PlanConfig(ctx context.Context, cfg *config.Config, now time.Time) (PlanResult, error) {
	log := p.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	horizon := p.Horizon
	if horizon <= 0 {
		horizon = DefaultHorizon
	}
	// A reminder first planned after its time passed was never due to anyone
	// (a new bot, a milestone added in the past): it is skipped. Reminders
	// planned before the bot went down are still pending and are sent late
	// or reported missed by the dispatcher.
	notBefore := now
	res := PlanResult{}
	var errs []error

	// Channels named in the YAML are planned by id; while the directory
	// cannot say which ids they are, milestones and jobs keep what is
	// stored rather than flip to names and back.
	resolved, channelProblems, channelErr := resolveChannels(ctx, cfg, p.People)
	for _, pr := range channelProblems {
		log.Warn("planning reminders: unknown channel", "err", pr)
	}
	if channelErr != nil {
		errs = append(errs, fmt.Errorf("plan milestones and jobs: %w", channelErr))
		resolved = cfg
	}
	milestones, problems, milestoneErr := p.milestones(ctx, resolved)
	for _, pr := range problems {
		log.Warn("planning milestone reminders", "err", pr)
	}
	if milestoneErr != nil {
		errs = append(errs, milestoneErr)
	}
	jobs, jobProblems := JobReminders(resolved, notBefore, now.Add(horizon))
	for _, pr := range jobProblems {
		log.Warn("planning jobs", "err", pr)
	}
	progress, progressProblems := ProgressReminders(resolved, notBefore, now.Add(horizon))
	for _, pr := range progressProblems {
		log.Warn("planning progress posts", "err", pr)
	}
	for _, step := range []struct {
		prefix string
		plans  map[string][]campaignbot.Reminder
		skip   bool
	}{
		{"milestone:", milestones, milestoneErr != nil || channelErr != nil},
		{"job:", jobs, channelErr != nil},
		{"progress:", progress, channelErr != nil},
		{"review:", ReviewReminders(resolved, notBefore, now.Add(horizon)), channelErr != nil},
		{"report:", ReportReminders(cfg, notBefore, now.Add(horizon)), false},
	} {
		if step.skip {
			continue // not planned this time: keep what is stored
		}
		r, err := p.Store.ReplanPrefix(ctx, step.prefix, step.plans, notBefore)
		if err != nil {
			errs = append(errs, fmt.Errorf("plan %s: %w", step.prefix, err))
			continue
		}
		res[step.prefix] = r
	}
	if p.Wake != nil {
		p.Wake()
	}
	return res, errors.Join(errs...)
}

// milestones plans the milestone reminders of cfg's campaigns with the
// overrides merged. When the overrides cannot be read it returns a nil
// plan and the error, as when the sent reminders cannot be read:
// planning the config file's times alone would move
// the reminders of milestones moved in chat back.
func (p *Planner) milestones(ctx context.Context, cfg *config.Config) (map[string][]campaignbot.Reminder, []error, error) {
	// Reminders sent for a time their milestone has moved from are
	// planned again for the new time; without knowing which, none is.
	sent, err := SentOccurrences(ctx, p.Store)
	if err != nil {
		return nil, nil, fmt.Errorf("plan milestone: %w", err)
	}
	if p.Overrides == nil {
		plans, problems := MilestoneRemindersSent(ctx, cfg, p.People, sent)
		return plans, problems, nil
	}
	overrides, err := p.Overrides(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("plan milestone: read milestones changed in chat: %w", err)
	}
	merged := *cfg
	merged.Campaigns, _ = campaignbot.MergeOverrides(cfg.Campaigns, overrides)
	plans, problems := MilestoneRemindersSent(ctx, &merged, p.People, sent)
	return plans, problems, nil
}
