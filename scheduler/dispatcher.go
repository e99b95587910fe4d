package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// Dispatcher defaults.
const (
	// DefaultLease is how long a claim may stay unrecorded before another
	// dispatcher takes the reminder over as unconfirmed.
	DefaultLease = 5 * time.Minute
	// DefaultBatch is how many reminders one claim takes.
	DefaultBatch = 50
	// DefaultParallel is how many recipients are sent to at once.
	DefaultParallel = 16
	// maxWait caps the sleep between wake-ups, so reminders planned by
	// another replica are noticed even when no local plan wakes us.
	maxWait = 5 * time.Minute
	// giveUpAfter is how long retryable failures are retried.
	giveUpAfter = 24 * time.Hour
	// lateAfter is how late a reminder must be to be marked late.
	lateAfter = time.Minute
)

// Dispatcher sends due reminders through the Messenger, once: it claims
// due rows, sends them, and records the outcome. Retryable failures retry
// with backoff (honouring Retry-After); permanent ones are recorded with
// their reason; reminders more than catch_up late are recorded as missed.
type Dispatcher struct {
	Store     campaignbot.ReminderStore
	Messenger campaignbot.Messenger
	Clock     Clock
	Config    func() *config.Config
	// Owner names this dispatcher in claims, e.g. host and pid.
	Owner string
	// Composers render kinds whose content is computed at send time.
	Composers map[campaignbot.ReminderKind]Composer
	Logger    *slog.Logger
	Lease     time.Duration
	Batch     int
	Parallel  int

	once sync.Once
	wake chan struct{}
}

// init fills defaults.
func (d *Dispatcher) init() {
	d.once.Do(func() {
		d.wake = make(chan struct{}, 1)
		if d.Clock == nil {
			d.Clock = SystemClock{}
		}
		if d.Logger == nil {
			d.Logger = slog.New(slog.DiscardHandler)
		}
		if d.Lease <= 0 {
			d.Lease = DefaultLease
		}
		if d.Batch <= 0 {
			d.Batch = DefaultBatch
		}
		if d.Parallel <= 0 {
			d.Parallel = DefaultParallel
		}
	})
}

// Wake makes Run look for due reminders now, e.g. after a re-plan.
func (d *Dispatcher) Wake() {
	d.init()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers reminders until ctx is done. It sleeps on a timer until the
// next reminder is due (or a Wake), never polling every minute.
func (d *Dispatcher) Run(ctx context.Context) error {
	d.init()
	for {
		now := d.Clock.Now()
		if err := d.DispatchDue(ctx, now); err != nil && ctx.Err() == nil {
			d.Logger.Error("dispatching reminders", "err", err)
		}
		wait := maxWait
		if next, ok, err := d.Store.NextAt(ctx); err != nil && ctx.Err() == nil {
			d.Logger.Error("finding the next reminder", "err", err)
			wait = time.Minute
		} else if ok {
			wait = min(max(next.Sub(d.Clock.Now()), 0), maxWait)
		}
		timer := d.Clock.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-timer.C():
		case <-d.wake:
			timer.Stop()
		}
	}
}

// DispatchDue sends every reminder due at now, batch by batch, and returns
// when none is left. The time is read once per tick and passed down.
func (d *Dispatcher) DispatchDue(ctx context.Context, now time.Time) error {
	d.init()
	for {
		batch, err := d.Store.Claim(ctx, d.Owner, now, now.Add(-d.Lease), d.Batch)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		d.sendBatch(ctx, now, batch)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// sendBatch sends a claimed batch: recipients in parallel, each
// recipient's reminders in order, so a channel's rate limit slows only it.
func (d *Dispatcher) sendBatch(ctx context.Context, now time.Time, batch []campaignbot.Reminder) {
	byRecipient := map[campaignbot.Recipient][]campaignbot.Reminder{}
	var order []campaignbot.Recipient
	for _, r := range batch {
		if _, ok := byRecipient[r.Recipient]; !ok {
			order = append(order, r.Recipient)
		}
		byRecipient[r.Recipient] = append(byRecipient[r.Recipient], r)
	}
	sem := make(chan struct{}, d.Parallel)
	var wg sync.WaitGroup
	for _, rc := range order {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			for _, r := range byRecipient[rc] {
				d.deliver(ctx, now, r)
			}
		})
	}
	wg.Wait()
}

// deliver sends one claimed reminder and records the outcome.
func (d *Dispatcher) deliver(ctx context.Context, now time.Time, r campaignbot.Reminder) {
	log := d.Logger.With("key", r.Key, "kind", r.Kind, "recipient", r.Recipient.String())
	record := func(status campaignbot.ReminderStatus, late bool, reason string) {
		// Record even when ctx is canceled by shutdown: the send happened.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := d.Store.Finish(rctx, r.Key, status, now, late, reason); err != nil {
			log.Error("recording a reminder outcome", "status", status, "err", err)
		}
	}
	cfg := d.Config()
	lateBy := now.Sub(r.At)
	// A first attempt more than catch_up late: the bot was down.
	if r.Attempts == 1 && lateBy > cfg.Scheduler.CatchUp {
		reason := fmt.Sprintf("missed: due %s, %s late, beyond catch_up %s", r.At.Format(time.RFC3339), lateBy.Round(time.Minute), cfg.Scheduler.CatchUp)
		log.Warn("reminder missed", "late", lateBy.Round(time.Minute))
		record(campaignbot.ReminderMissed, true, reason)
		return
	}
	msg := r.Message
	if c, ok := d.Composers[r.Kind]; ok {
		m, send, reason, err := c.Compose(ctx, r, now)
		if err != nil {
			d.retry(ctx, log, now, r, fmt.Errorf("compose: %w", err))
			return
		}
		if !send {
			record(campaignbot.ReminderCanceled, false, reason)
			return
		}
		msg = m
	}
	msg.Key = r.Key
	late := lateBy > lateAfter && r.Attempts == 1
	if late {
		msg.Text += "\n_" + campaignbot.Textf("Late: planned for %s while I was offline.", "迟到的提醒：原定 %s 发送，当时机器人离线。",
			r.At.In(zone(r.Zone, cfg.Timezone)).Format("01-02 15:04")).In(cfg.Language) + "_"
	}
	if r.Unconfirmed {
		if dc, ok := d.Messenger.(campaignbot.DeliveryChecker); ok {
			done, err := dc.Delivered(ctx, r.Recipient, r.Key, r.At.Add(-time.Minute))
			switch {
			case err != nil:
				log.Warn("could not check an unconfirmed delivery; sending", "err", err)
			case done:
				log.Info("unconfirmed reminder was delivered before; recording it")
				record(campaignbot.ReminderSent, late, "confirmed from history")
				return
			}
		}
	}
	if _, err := d.Messenger.Send(ctx, r.Recipient, msg); err != nil {
		if retryable, _ := campaignbot.IsRetryable(err); retryable || errors.Is(err, context.Canceled) {
			d.retry(ctx, log, now, r, err)
			return
		}
		log.Error("reminder failed permanently", "err", err)
		record(campaignbot.ReminderFailed, late, reason(err))
		return
	}
	record(campaignbot.ReminderSent, late, "")
}

// retry puts a reminder back with backoff, or fails it after giveUpAfter.
func (d *Dispatcher) retry(ctx context.Context, log *slog.Logger, now time.Time, r campaignbot.Reminder, err error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if now.Sub(r.At) > giveUpAfter {
		log.Error("giving up on a reminder", "attempts", r.Attempts, "err", err)
		if ferr := d.Store.Finish(rctx, r.Key, campaignbot.ReminderFailed, now, true, "gave up after 24h: "+reason(err)); ferr != nil {
			log.Error("recording a failed reminder", "err", ferr)
		}
		return
	}
	_, after := campaignbot.IsRetryable(err)
	next := now.Add(max(after, Backoff(r.Attempts)))
	log.Warn("reminder will be retried", "attempt", r.Attempts, "next", next, "err", err)
	if rerr := d.Store.Retry(rctx, r.Key, next, reason(err)); rerr != nil {
		log.Error("scheduling a retry", "err", rerr)
	}
}

// Backoff is the wait before retry number attempts: 5s doubling up to 5
// minutes.
func Backoff(attempts int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < attempts && d < 5*time.Minute; i++ {
		d *= 2
	}
	return min(d, 5*time.Minute)
}

// reason is the short reason of a delivery error.
func reason(err error) string {
	var de *campaignbot.DeliveryError
	if errors.As(err, &de) && de.Reason != "" {
		return de.Reason
	}
	s := err.Error()
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
