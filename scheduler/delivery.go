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

// Delivery timing.
const (
	// unknownSettle is how long after a send whose outcome is unknown
	// started the dispatcher waits before looking for it in the
	// conversation, whoever looks (the sender after a timeout, or another
	// replica that took the reminder over): Slack may still be posting a
	// message it did not answer for. 20 s past the client's 30 s timeout,
	// and short enough that a crashed replica's channels resume within a
	// minute. A message Slack posts later than this after it was sent can
	// be posted twice.
	unknownSettle = 50 * time.Second
	// composeBackoffMax caps the wait after a composer failed.
	composeBackoffMax = 5 * time.Minute
)

// attempt is one claimed reminder on its way out.
type attempt struct {
	d   *Dispatcher
	r   campaignbot.Reminder
	log *slog.Logger
	// resolved is set once an earlier send of unknown outcome was looked
	// for and not found: its outcome is known again.
	resolved bool
}

// deliver sends one claimed reminder and records the outcome. Whether it
// is missed, given up, held for quiet hours or late is decided at tick,
// the time of the claim (computed once per tick); retries are timed from
// the answer. It reports whether the recipient's run may go on: false
// when the reminder waits (its later reminders must stay behind it) or
// the claim was lost.
func (d *Dispatcher) deliver(ctx context.Context, tick time.Time, r campaignbot.Reminder) bool {
	a := &attempt{d: d, r: r, log: d.Logger.With("key", r.Key, "kind", r.Kind, "recipient", r.Recipient.String())}
	cfg := d.Config()
	lateBy := tick.Sub(r.At)
	switch {
	case r.Attempts == 0 && !r.Unconfirmed && r.Reason == "" && lateBy > cfg.Scheduler.CatchUp:
		// Never tried nor held for a reason, and more than catch_up late:
		// sending it now would be news from the past.
		a.log.Warn("reminder missed", "late", lateBy.Round(time.Minute))
		return a.finish(campaignbot.ReminderMissed, true, d.missedReason(r, lateBy, cfg.Scheduler.CatchUp))
	case lateBy > giveUpAfter:
		a.log.Error("giving up on a reminder", "attempts", r.Attempts, "reason", r.Reason)
		return a.finish(campaignbot.ReminderFailed, true, "gave up after 24h: "+r.Reason)
	}
	loc := zone(r.Zone, cfg.Timezone)
	if r.Quiet && lateBy > lateAfter {
		if until, hold := quietHold(tick, r.Due, loc, cfg.QuietHours); hold {
			a.log.Info("late reminder held for the end of quiet hours", "until", until)
			return a.wait(until, "quiet hours", r.Reason)
		}
	}
	if r.Unconfirmed && tick.Before(a.startedAt(tick).Add(unknownSettle)) {
		// Too soon to tell whether the earlier send arrived.
		return a.wait(a.startedAt(tick).Add(unknownSettle), "waiting to look for an earlier send", r.Reason)
	}
	msg := r.Message
	if c, ok := d.Composers[r.Kind]; ok {
		m, send, reason, err := c.Compose(ctx, r, tick)
		var de *DeferError
		if errors.As(err, &de) {
			a.log.Info("reminder deferred by its composer", "until", de.Until, "why", de.Why)
			return a.deferTo(de.Until, de.Why)
		}
		if err != nil {
			wait := min(max(lateBy/4, 5*time.Second), composeBackoffMax)
			a.log.Warn("composing a reminder failed; will try again", "wait", wait, "err", err)
			return a.wait(tick.Add(wait), "", "compose: "+reason0(err))
		}
		if !send {
			return a.finish(campaignbot.ReminderCanceled, false, reason)
		}
		msg = m
	}
	msg.Key = r.Key
	// Re-pings and escalations are timed from the delivery of the reminder
	// they are about, so their own lateness is no news to the recipient.
	if lateBy > lateAfter && (r.Attempts == 0 || r.Recovered) && !timedFromDelivery(r.Kind) {
		msg.Text += "\n_" + d.lateNote(r, cfg, loc, languageOf(ctx, d.Languages, cfg, r.Recipient, campaignOfSource(r.Source))) + "_"
	}
	if r.Unconfirmed {
		if goOn, decided := a.lookForEarlierSend(ctx, msg); decided {
			return goOn
		}
	}

	lease := d.lease()
	leaseUntil := d.Clock.Now().Add(lease)
	if err := d.Store.Start(ctx, r.Key, r.Claim, d.Clock.Now(), leaseUntil); err != nil {
		if campaignbot.ErrorCode(err) == campaignbot.ECONFLICT {
			a.log.Warn("the claim on a reminder was lost before sending (taken over, or re-planned); not sending it")
		} else {
			a.log.Error("starting a reminder's send; not sending it", "err", err)
		}
		return false
	}
	// Any earlier send of unknown outcome was looked for before this one;
	// this send's outcome is what its answer says.
	a.resolved, a.r.StartedAt = true, d.Clock.Now()
	// The send must end while the lease surely holds, with room for clocks
	// that differ between replicas, so no other dispatcher can take the
	// reminder over mid-send.
	sendCtx, cancel := context.WithDeadline(ctx, leaseUntil.Add(-lease/2))
	ref, err := d.send(sendCtx, r.Recipient, msg)
	cancel()
	answered := d.Clock.Now()
	late := answered.Sub(r.At) > lateAfter || lateBy > lateAfter
	if err == nil {
		a.posted(ref.TS)
		return a.finish(campaignbot.ReminderSent, late, "")
	}
	retryable, _ := campaignbot.IsRetryable(err)
	var de *campaignbot.DeliveryError
	unknown := errors.As(err, &de) && de.Unknown
	if de == nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
		retryable, unknown = true, true // a messenger without Deliver gave up mid-send
	}
	if retryable || unknown {
		return a.retry(answered, unknown, err)
	}
	a.log.Error("reminder failed permanently", "err", err)
	return a.finish(campaignbot.ReminderFailed, late, reason(err))
}

// send makes one delivery attempt: Deliver when the messenger has it,
// Send otherwise.
func (d *Dispatcher) send(ctx context.Context, r campaignbot.Recipient, m campaignbot.OutgoingMessage) (campaignbot.MessageRef, error) {
	if dl, ok := d.Messenger.(campaignbot.Deliverer); ok {
		return dl.Deliver(ctx, r, m)
	}
	return d.Messenger.Send(ctx, r, m)
}

// posted records the platform's id of the message the reminder was
// posted as, when the platform gave one; a failure is logged, and the
// reminder is still recorded sent.
func (a *attempt) posted(ts string) {
	if ts == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	if err := a.d.Store.Posted(ctx, a.r.Key, a.r.Claim, ts); err != nil {
		a.log.Warn("recording a reminder's message id", "err", err)
	}
}

// offline reports whether no dispatcher of this process was running at
// the instant: before it started.
func (d *Dispatcher) offline(at time.Time) bool {
	return d.startedAt.IsZero() || at.Before(d.startedAt)
}

// missedReason says why a reminder is recorded missed.
func (d *Dispatcher) missedReason(r campaignbot.Reminder, lateBy, catchUp time.Duration) string {
	if r.Recovered || d.offline(r.At) {
		return fmt.Sprintf("missed: due %s, %s late while the bot was offline, beyond catch_up %s",
			r.At.Format(time.RFC3339), lateBy.Round(time.Minute), catchUp)
	}
	return fmt.Sprintf("missed: due %s, %s late behind earlier reminders to the same recipient that could not be delivered, beyond catch_up %s",
		r.At.Format(time.RFC3339), lateBy.Round(time.Minute), catchUp)
}

// lateNote tells the recipient why a reminder comes late.
func (d *Dispatcher) lateNote(r campaignbot.Reminder, cfg *config.Config, loc *time.Location, lang campaignbot.Language) string {
	planned := r.At.In(loc).Format("01-02 15:04")
	if r.Recovered || d.offline(r.At) {
		return campaignbot.T("scheduler.late-planned-for-while-i-was", planned).In(lang)
	}
	return campaignbot.T("scheduler.late-planned-for-slack-could-not", planned).In(lang)
}

// startedAt is when the send of unknown outcome started, or at when the
// store does not know.
func (a *attempt) startedAt(at time.Time) time.Time {
	if a.r.StartedAt.IsZero() {
		return at
	}
	return a.r.StartedAt
}

// lookForEarlierSend asks the messenger whether an earlier send whose
// outcome is unknown arrived. decided is true when the reminder was dealt
// with here (found and recorded, or put back because the look failed),
// with goOn telling whether the run may go on; false means it was not
// delivered, or cannot be looked for, and should be sent.
func (a *attempt) lookForEarlierSend(ctx context.Context, msg campaignbot.OutgoingMessage) (goOn, decided bool) {
	dc, ok := a.d.Messenger.(campaignbot.DeliveryChecker)
	if !ok {
		return false, false
	}
	// A minute of slack for clocks that differ between replicas.
	since := a.startedAt(a.r.At).Add(-time.Minute)
	lctx, cancel := context.WithTimeout(ctx, a.d.lease()/2)
	done, err := dc.Delivered(lctx, a.r.Recipient, msg, since)
	cancel()
	now := a.d.Clock.Now()
	switch {
	case err == nil && done:
		a.log.Info("a reminder whose send had an unknown outcome was delivered; recording it")
		late := a.r.StartedAt.Sub(a.r.At) > lateAfter
		return a.finish(campaignbot.ReminderSent, late, "confirmed from history"), true
	case err == nil:
		a.resolved = true
		return false, false
	}
	if retryable, _ := campaignbot.IsRetryable(err); retryable || errors.Is(err, context.DeadlineExceeded) {
		a.log.Warn("could not look for an earlier send yet; will look again before sending", "err", err)
		return a.retry(now, true, err), true
	}
	// Sending again could post it twice, and looking cannot succeed: the
	// admins' daily report lists it with the reason.
	a.log.Error("cannot tell whether a reminder arrived; not sending it again", "err", err)
	return a.finish(campaignbot.ReminderFailed, now.Sub(a.r.At) > lateAfter,
		"outcome unknown and the conversation cannot be read ("+reason(err)+"); not sent again to avoid a duplicate"), true
}

// finish records a final outcome; the run goes on unless the claim was
// lost.
func (a *attempt) finish(status campaignbot.ReminderStatus, late bool, why string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	err := a.d.Store.Finish(ctx, a.r.Key, a.r.Claim, status, a.d.Clock.Now(), late, why)
	switch {
	case err == nil:
		return true
	case campaignbot.ErrorCode(err) == campaignbot.ECONFLICT:
		// Another dispatcher took the reminder over (it looks in the
		// conversation before sending, so it will find ours), or a
		// re-plan changed it.
		a.log.Error("recording a reminder outcome: the claim was lost", "status", status)
	default:
		a.log.Error("recording a reminder outcome", "status", status, "err", err)
	}
	return false
}

// unknown reports whether a send of the reminder may have arrived
// without anyone knowing: one started and was neither recorded nor found
// missing.
func (a *attempt) unknown() bool { return a.r.Unconfirmed && !a.resolved }

// wait puts the reminder back without a new failure, due again at next
// (quiet hours, a composer to retry, an outcome to settle); the run stops
// so the recipient's later reminders stay behind it. An earlier send of
// unknown outcome stays unknown.
func (a *attempt) wait(next time.Time, what, why string) bool {
	if what != "" && why == "" {
		why = what
	}
	return a.putBack(next, a.unknown(), why)
}

// retry puts the reminder back after a failed send or look: due again
// after Retry-After when Slack said (exactly that: a rate limit is not a
// growing failure), else after the backoff, counted from the answer at;
// after an unknown outcome no sooner than unknownSettle after the send
// started. A retry beyond the day of retries gives up now. The run stops
// so the recipient's later reminders stay behind it.
func (a *attempt) retry(at time.Time, unknown bool, cause error) bool {
	_, after := campaignbot.IsRetryable(cause)
	next := at.Add(Backoff(a.r.Attempts + 1))
	if after > 0 {
		next = at.Add(after)
	}
	unknown = unknown || a.unknown()
	if unknown {
		next = latest(next, a.startedAt(at).Add(unknownSettle))
	}
	if next.Sub(a.r.At) > giveUpAfter {
		a.log.Error("giving up on a reminder: its next try would be more than a day late", "next", next, "err", cause)
		return a.finish(campaignbot.ReminderFailed, true, fmt.Sprintf("gave up: next try at %s, more than a day late: %s",
			next.Format(time.RFC3339), reason(cause)))
	}
	a.log.Warn("reminder will be retried", "attempt", a.r.Attempts+1, "next", next, "unknown_outcome", unknown, "err", cause)
	return a.putBack(next, unknown, reason(cause))
}

// deferTo returns the reminder to pending at a later time its composer
// asked for; unlike wait, the recipient's run goes on, since the reminder
// no longer stands before their later reminders.
func (a *attempt) deferTo(at time.Time, why string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	if err := a.d.Store.Defer(ctx, a.r.Key, a.r.Claim, at, a.unknown(), why); err != nil {
		a.log.Error("deferring a reminder", "err", err)
		return false
	}
	return true
}

// putBack returns the reminder to pending, due again at next.
func (a *attempt) putBack(next time.Time, unknown bool, why string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	if err := a.d.Store.Retry(ctx, a.r.Key, a.r.Claim, next, unknown, why); err != nil {
		a.log.Error("putting a reminder back", "err", err)
	}
	return false
}

// latest returns the later of two instants.
func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
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
	return reason0(err)
}

// reason0 is an error's text, cut to 200 bytes.
func reason0(err error) string {
	s := err.Error()
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// timedFromDelivery reports whether reminders of kind are timed from the
// delivery of another reminder rather than from their plan.
func timedFromDelivery(kind campaignbot.ReminderKind) bool {
	return kind == campaignbot.ReminderAckReping || kind == campaignbot.ReminderAckEscalate
}
