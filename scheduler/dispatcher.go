package scheduler

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// Dispatcher defaults.
const (
	// DefaultLease is how long a claim holds its reminders without being
	// renewed: a stopped dispatcher's reminders are taken over this long
	// after its last renewal. scheduler.claim_lease overrides it.
	DefaultLease = 45 * time.Second
	// DefaultBatch is how many reminders a dispatcher holds at most.
	DefaultBatch = 500
	// DefaultPerRecipient is how many of one recipient's reminders one
	// claim takes; the recipient's next run is claimed when it is done.
	DefaultPerRecipient = 10
	// DefaultParallel is how many recipients are sent to at once. The chat
	// adapter's pacing (per conversation and workspace-wide) is the only
	// shared ceiling; this only bounds goroutines and open requests.
	DefaultParallel = 64
	// maxWait caps the sleep between wake-ups, so reminders planned by
	// another replica are noticed even when no local plan wakes us.
	maxWait = 30 * time.Second
	// giveUpAfter is how long retryable failures are retried.
	giveUpAfter = 24 * time.Hour
	// lateAfter is how late a reminder must be to count as late.
	lateAfter = time.Minute
	// recordTimeout bounds recording an outcome, which happens even when
	// the dispatcher is stopping: the send happened.
	recordTimeout = 10 * time.Second
)

// Dispatcher sends due reminders through the Messenger, once and in each
// recipient's order. It claims runs of due reminders per recipient under
// a fenced, renewed lease; sends each recipient's run in order, many
// recipients at once, so a rate-limited channel holds up only itself;
// and records every outcome. Retryable failures come back later
// (honouring Retry-After, counted from the answer) with the recipient's
// later reminders kept behind them; a send whose outcome is unknown is
// looked for in the conversation before it is sent again; permanent
// failures are recorded with their reason; reminders more than catch_up
// late are recorded as missed.
type Dispatcher struct {
	Store     campaignbot.ReminderStore
	Messenger campaignbot.Messenger
	Clock     Clock
	Config    func() *config.Config
	// Owner names this dispatcher in claims, e.g. host and pid.
	Owner string
	// Composers render kinds whose content is computed at send time.
	Composers map[campaignbot.ReminderKind]Composer
	// Languages picks the language of the late notes added to reminders;
	// nil writes them in the campaign's or config's.
	Languages Languages
	Logger    *slog.Logger
	// Lease is the claim lease; 0 means scheduler.claim_lease.
	Lease time.Duration
	// Batch, PerRecipient and Parallel default to DefaultBatch,
	// DefaultPerRecipient and DefaultParallel.
	Batch        int
	PerRecipient int
	Parallel     int

	once sync.Once
	wake chan struct{}
	sem  chan struct{}
	// beat asks for a heartbeat now: this dispatcher started or stopped
	// sending, and the replicas' shares of the posting rate change.
	beat chan struct{}
	// alive is how many dispatchers the last heartbeat saw: one that
	// starts sending takes that share until its next heartbeat says how
	// many are sending.
	alive atomic.Int64
	// startedAt is when Run started: reminders due before it were late
	// because this process was not running.
	startedAt time.Time
	// skewed is set while this host's clock is too far from the
	// database's for leases to be trusted; nothing is claimed then.
	skewed atomic.Bool

	mu sync.Mutex
	// held counts the reminders held under each claim token, for renewal.
	held  map[string]int
	nheld int
}

// init fills defaults.
func (d *Dispatcher) init() {
	d.once.Do(func() {
		d.wake = make(chan struct{}, 1)
		d.beat = make(chan struct{}, 1)
		if d.Clock == nil {
			d.Clock = SystemClock{}
		}
		if d.Logger == nil {
			d.Logger = slog.New(slog.DiscardHandler)
		}
		if d.Batch <= 0 {
			d.Batch = DefaultBatch
		}
		if d.PerRecipient <= 0 {
			d.PerRecipient = DefaultPerRecipient
		}
		if d.Parallel <= 0 {
			d.Parallel = DefaultParallel
		}
		d.sem = make(chan struct{}, d.Parallel)
		d.held = map[string]int{}
	})
}

// lease returns the claim lease in force.
func (d *Dispatcher) lease() time.Duration {
	if d.Lease > 0 {
		return d.Lease
	}
	if l := d.Config().Scheduler.ClaimLease; l > 0 {
		return l
	}
	return DefaultLease
}

// Wake makes Run look for due reminders now, e.g. after a re-plan.
func (d *Dispatcher) Wake() {
	d.init()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers reminders until ctx is done. It sleeps on a timer until a
// reminder is due, a claim's lease runs out or a Wake, at most maxWait.
// When ctx ends, sends in flight finish or are recorded as unknown, and
// the reminders not yet started are released at once for other
// dispatchers.
func (d *Dispatcher) Run(ctx context.Context) error {
	d.init()
	d.startedAt = d.Clock.Now()
	d.heartbeat(ctx)
	renewCtx, stopRenewing := context.WithCancel(context.WithoutCancel(ctx))
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		d.renew(renewCtx)
	}()
	var runs sync.WaitGroup
	for {
		now := d.Clock.Now()
		d.claimRuns(ctx, now, &runs)
		wait := maxWait
		if next, ok, err := d.Store.NextAt(ctx, now); err != nil && ctx.Err() == nil {
			d.Logger.Error("finding the next reminder", "err", err)
		} else if ok {
			wait = min(max(next.Sub(d.Clock.Now()), 0), maxWait)
		}
		timer := d.Clock.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			runs.Wait()
			stopRenewing()
			<-renewed
			d.goodbye()
			return nil
		case <-timer.C():
		case <-d.wake:
			timer.Stop()
		}
	}
}

// DispatchDue sends every reminder due at now and returns when none is
// left to claim: the reminders retried later are not waited for. The time
// is read once and passed down.
func (d *Dispatcher) DispatchDue(ctx context.Context, now time.Time) error {
	d.init()
	for {
		var runs sync.WaitGroup
		n, err := d.claimOnce(ctx, now, d.Batch, &runs)
		runs.Wait()
		if err != nil || n == 0 {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// claimRuns claims due reminders while this dispatcher has room, starting
// a sender for each recipient's run. While it holds half a batch or more
// it claims nothing: a claim reads the whole due backlog, so during a
// burst claims come in large, rare batches, and enough recipients stay
// busy to fill the workspace's posting rate.
func (d *Dispatcher) claimRuns(ctx context.Context, now time.Time, runs *sync.WaitGroup) {
	if d.skewed.Load() {
		return
	}
	for ctx.Err() == nil {
		held := d.heldCount()
		free := d.Batch - held
		if held > 0 && free < d.Batch/2 {
			return
		}
		n, err := d.claimOnce(ctx, now, free, runs)
		if err != nil {
			if ctx.Err() == nil {
				d.Logger.Error("claiming reminders", "err", err)
			}
			return
		}
		if n < free {
			return // everything claimable was taken
		}
	}
}

// claimOnce makes one claim of at most limit reminders and starts their
// runs; it returns how many it claimed.
func (d *Dispatcher) claimOnce(ctx context.Context, now time.Time, limit int, runs *sync.WaitGroup) (int, error) {
	rs, err := d.Store.Claim(ctx, campaignbot.ClaimRequest{
		Owner: d.Owner, Now: now, LeaseUntil: d.Clock.Now().Add(d.lease()), Limit: limit, PerRecipient: d.PerRecipient,
	})
	if err != nil || len(rs) == 0 {
		return 0, err
	}
	d.hold(rs[0].Claim, len(rs))
	byRecipient := map[campaignbot.Recipient][]campaignbot.Reminder{}
	var order []campaignbot.Recipient
	for _, r := range rs {
		if _, ok := byRecipient[r.Recipient]; !ok {
			order = append(order, r.Recipient)
		}
		byRecipient[r.Recipient] = append(byRecipient[r.Recipient], r)
	}
	claimed := d.Clock.Now()
	for _, rc := range order {
		run := byRecipient[rc]
		runs.Go(func() { d.sendRun(ctx, now, claimed, run) })
	}
	return len(rs), nil
}

// sendRun sends one recipient's run, claimed at tick, in order. Each
// reminder is judged at tick plus the time since the claim (claimed, on
// the clock), since a run can wait its turn behind others. When a reminder
// must wait (a retry) or the claim was lost, the rest of the run is
// released so the recipient's order holds; when the run is done the loop
// is woken to claim the recipient's next one.
func (d *Dispatcher) sendRun(ctx context.Context, tick, claimed time.Time, run []campaignbot.Reminder) {
	select {
	case d.sem <- struct{}{}:
		defer func() { <-d.sem }()
	case <-ctx.Done():
		d.release(run)
		return
	}
	for i, r := range run {
		if ctx.Err() != nil {
			d.release(run[i:])
			return
		}
		goOn := d.deliver(ctx, tick.Add(d.Clock.Now().Sub(claimed)), r)
		d.unhold(r.Claim, 1)
		if !goOn {
			d.release(run[i+1:])
			break
		}
	}
	d.Wake()
}

// release hands claimed reminders whose send has not started back.
func (d *Dispatcher) release(rs []campaignbot.Reminder) {
	if len(rs) == 0 {
		return
	}
	keys := make([]string, len(rs))
	for i, r := range rs {
		keys[i] = r.Key
	}
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	if err := d.Store.Release(ctx, rs[0].Claim, keys); err != nil {
		d.Logger.Error("releasing reminders", "count", len(keys), "err", err)
	}
	d.unhold(rs[0].Claim, len(rs))
}

// hold and unhold count the reminders held under a claim.
func (d *Dispatcher) hold(claim string, n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.nheld == 0 {
		if s, ok := d.Messenger.(campaignbot.PostSharer); ok && d.alive.Load() > 1 {
			s.SharePosts(int(d.alive.Load()))
		}
		d.askBeat()
	}
	d.held[claim] += n
	d.nheld += n
}

func (d *Dispatcher) unhold(claim string, n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.held[claim] -= n
	d.nheld -= n
	if d.held[claim] <= 0 {
		delete(d.held, claim)
	}
	if d.nheld == 0 {
		d.askBeat()
	}
}

// askBeat asks the renewer for a heartbeat now.
func (d *Dispatcher) askBeat() {
	select {
	case d.beat <- struct{}{}:
	default:
	}
}

// heldCount returns how many reminders this dispatcher holds.
func (d *Dispatcher) heldCount() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.nheld
}

// renew extends the lease of every held claim every beatEvery (or third of
// a lease, if shorter; a third of a lease while idle) until ctx ends, so a dispatcher that is alive keeps
// what it holds and one that stopped loses it within a lease; each time,
// and whenever it starts or stops sending, it also sends the dispatcher's
// heartbeat.
func (d *Dispatcher) renew(ctx context.Context) {
	for {
		lease := d.lease()
		every := lease / 3
		if d.heldCount() > 0 {
			every = min(every, beatEvery)
		}
		timer := d.Clock.NewTimer(every)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-d.beat:
			timer.Stop()
			d.heartbeat(ctx)
			continue
		case <-timer.C():
		}
		d.heartbeat(ctx)
		d.mu.Lock()
		claims := make([]string, 0, len(d.held))
		for c := range d.held {
			claims = append(claims, c)
		}
		d.mu.Unlock()
		if len(claims) == 0 {
			continue
		}
		rctx, cancel := context.WithTimeout(ctx, recordTimeout)
		if _, err := d.Store.Renew(rctx, claims, d.Clock.Now().Add(lease)); err != nil && ctx.Err() == nil {
			d.Logger.Error("renewing reminder claims", "claims", len(claims), "err", err)
		}
		cancel()
	}
}

// beatEvery is the longest wait between two heartbeats (and lease
// renewals) while a dispatcher sends, so replicas settle their shares of
// the posting rate within seconds; an idle one beats every third of a
// lease, and at once when it starts sending.
const beatEvery = 5 * time.Second

// maxSkewShare is the share of a lease by which this host's clock may
// differ from the database's before the dispatcher stops claiming: leases
// are set by one replica's clock and judged by another's, and a send must
// end well inside its lease on both.
const maxSkewShare = 8

// heartbeat tells the store this dispatcher is alive and whether it is
// sending, shares the posting rate among the replicas sending, and stops
// claiming while this host's
// clock is off from the database's by more than a lease/maxSkewShare.
func (d *Dispatcher) heartbeat(ctx context.Context) {
	hctx, cancel := context.WithTimeout(ctx, recordTimeout)
	defer cancel()
	lease := d.lease()
	p, err := d.Store.Heartbeat(hctx, d.Owner, d.Clock.Now(), lease, d.heldCount() > 0)
	if err != nil {
		if ctx.Err() == nil {
			d.Logger.Error("dispatcher heartbeat", "err", err)
		}
		return
	}
	d.alive.Store(int64(p.Alive))
	if s, ok := d.Messenger.(campaignbot.PostSharer); ok {
		s.SharePosts(p.Sending)
	}
	if p.ServerTime.IsZero() {
		return
	}
	skew := d.Clock.Now().Sub(p.ServerTime)
	off := skew > lease/maxSkewShare || skew < -lease/maxSkewShare
	if was := d.skewed.Swap(off); off && !was {
		d.Logger.Error("this host's clock differs from the database's; not sending reminders until it is fixed (NTP)",
			"skew", skew.Round(time.Millisecond), "allowed", lease/maxSkewShare)
	} else if !off && was {
		d.Logger.Info("clock back in line with the database; sending reminders again", "skew", skew.Round(time.Millisecond))
	}
}

// goodbye removes this dispatcher from the replicas alive when it stops
// cleanly, so the others take its share of the posting rate at once.
func (d *Dispatcher) goodbye() {
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	if _, err := d.Store.Heartbeat(ctx, d.Owner, time.Time{}, 0, false); err != nil {
		d.Logger.Warn("leaving the dispatchers alive", "err", err)
	}
}
