package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/campaignbot/campaignbot"
)

// attempt is one claimed reminder on its way out.
type attempt struct {
	d   *Dispatcher
	r   campaignbot.Reminder
	log *slog.Logger
}

// deliver sends one claimed reminder and records the outcome. Whether it
// is missed, given up or late is decided at tick, the time of the claim
// (computed once per tick); retries are timed from the answer. It reports
// whether the recipient's run may go on: false when the reminder waits for
// a retry (its later reminders must stay behind it) or the claim was
// lost.
func (d *Dispatcher) deliver(ctx context.Context, tick time.Time, r campaignbot.Reminder) bool {
	a := attempt{d: d, r: r, log: d.Logger.With("key", r.Key, "kind", r.Kind, "recipient", r.Recipient.String())}
	cfg := d.Config()
	now := tick
	lateBy := now.Sub(r.At)
	switch {
	case r.Attempts == 0 && lateBy > cfg.Scheduler.CatchUp:
		// Never tried, and more than catch_up late: the bot was down.
		a.log.Warn("reminder missed", "late", lateBy.Round(time.Minute))
		return a.finish(campaignbot.ReminderMissed, true, fmt.Sprintf("missed: due %s, %s late, beyond catch_up %s",
			r.At.Format(time.RFC3339), lateBy.Round(time.Minute), cfg.Scheduler.CatchUp))
	case lateBy > giveUpAfter:
		a.log.Error("giving up on a reminder", "attempts", r.Attempts, "reason", r.Reason)
		return a.finish(campaignbot.ReminderFailed, true, "gave up after 24h: "+r.Reason)
	}
	msg := r.Message
	if c, ok := d.Composers[r.Kind]; ok {
		m, send, reason, err := c.Compose(ctx, r, now)
		if err != nil {
			return a.retry(now, false, fmt.Errorf("compose: %w", err))
		}
		if !send {
			return a.finish(campaignbot.ReminderCanceled, false, reason)
		}
		msg = m
	}
	msg.Key = r.Key
	if lateBy > lateAfter && (r.Attempts == 0 || r.Recovered) {
		// Late because a dispatcher was not running: say so.
		msg.Text += "\n_" + campaignbot.Textf("Late: planned for %s while I was offline.", "迟到的提醒：原定 %s 发送，当时机器人离线。",
			r.At.In(zone(r.Zone, cfg.Timezone)).Format("01-02 15:04")).In(cfg.Language) + "_"
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
			a.log.Warn("the claim on a reminder was lost before sending; not sending it")
		} else {
			a.log.Error("starting a reminder's send; not sending it", "err", err)
		}
		return false
	}
	// The send must end while the lease surely holds, so no other
	// dispatcher can take the reminder over mid-send.
	sendCtx, cancel := context.WithDeadline(ctx, leaseUntil.Add(-lease/4))
	err := d.send(sendCtx, r.Recipient, msg)
	cancel()
	answered := d.Clock.Now()
	if err == nil {
		return a.finish(campaignbot.ReminderSent, answered.Sub(r.At) > lateAfter || lateBy > lateAfter, "")
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
	return a.finish(campaignbot.ReminderFailed, answered.Sub(r.At) > lateAfter, reason(err))
}

// send makes one delivery attempt: Deliver when the messenger has it,
// Send otherwise.
func (d *Dispatcher) send(ctx context.Context, r campaignbot.Recipient, m campaignbot.OutgoingMessage) error {
	if dl, ok := d.Messenger.(campaignbot.Deliverer); ok {
		_, err := dl.Deliver(ctx, r, m)
		return err
	}
	_, err := d.Messenger.Send(ctx, r, m)
	return err
}

// lookForEarlierSend asks the messenger whether an earlier send whose
// outcome is unknown arrived. decided is true when the reminder was dealt
// with here (found and recorded, or put back because the look failed),
// with goOn telling whether the run may go on; false means it was not
// delivered, or cannot be looked for, and should be sent.
func (a attempt) lookForEarlierSend(ctx context.Context, msg campaignbot.OutgoingMessage) (goOn, decided bool) {
	dc, ok := a.d.Messenger.(campaignbot.DeliveryChecker)
	if !ok {
		return false, false
	}
	// A minute of slack for clocks that differ between replicas.
	since := a.r.StartedAt.Add(-time.Minute)
	if a.r.StartedAt.IsZero() {
		since = a.r.At.Add(-time.Minute)
	}
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
func (a attempt) finish(status campaignbot.ReminderStatus, late bool, why string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	err := a.d.Store.Finish(ctx, a.r.Key, a.r.Claim, status, a.d.Clock.Now(), late, why)
	switch {
	case err == nil:
		return true
	case campaignbot.ErrorCode(err) == campaignbot.ECONFLICT:
		// Another dispatcher took the reminder over; it looks in the
		// conversation before sending, so it will find ours.
		a.log.Error("recording a reminder outcome: the claim was lost", "status", status)
	default:
		a.log.Error("recording a reminder outcome", "status", status, "err", err)
	}
	return false
}

// retry puts the reminder back, due again after Retry-After or the
// backoff, counted from the answer at (after an unknown outcome, no sooner
// than unknownSettle, so a post still on its way has arrived when the
// conversation is read); the run stops so the recipient's later reminders
// stay behind it.
func (a attempt) retry(at time.Time, unknown bool, cause error) bool {
	_, after := campaignbot.IsRetryable(cause)
	wait := max(after, Backoff(a.r.Attempts+1))
	if unknown {
		wait = max(wait, unknownSettle)
	}
	next := at.Add(wait)
	a.log.Warn("reminder will be retried", "attempt", a.r.Attempts+1, "next", next, "unknown_outcome", unknown, "err", cause)
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	if err := a.d.Store.Retry(ctx, a.r.Key, a.r.Claim, next, unknown, reason(cause)); err != nil {
		a.log.Error("scheduling a retry", "err", err)
	}
	return false
}

// unknownSettle is the least wait before looking for a send whose outcome
// is unknown: Slack may still be posting a message it did not answer for.
const unknownSettle = time.Minute

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
