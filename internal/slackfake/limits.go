package slackfake

import (
	"math"
	"time"
)

// Pace is a rate limit: one call per Every on average, Burst calls at
// once. The zero Pace is unlimited.
type Pace struct {
	Every time.Duration
	Burst int
}

// PerMinute returns the pace of n calls a minute with a burst.
func PerMinute(n, burst int) Pace {
	return Pace{Every: time.Minute / time.Duration(n), Burst: burst}
}

// Limits are the rate limits the fake enforces. A call over a limit is
// answered HTTP 429 with Retry-After (whole seconds, rounded up) and takes
// no effect, as Slack does.
type Limits struct {
	// ChannelPosts limits chat.postMessage per conversation: about one
	// message a second, short bursts tolerated. A channel's name and its
	// id are the same conversation.
	ChannelPosts Pace
	// WorkspacePosts limits the app's chat.postMessage, chat.postEphemeral
	// and chat.update across the workspace. Slack does not publish this
	// limit; a large vendor works with about 525 a minute.
	WorkspacePosts Pace
	// Methods limits other methods per workspace, after Slack's tiers.
	Methods map[string]Pace
}

// Slack's rate-limit tiers: tier 2 is 20+ calls a minute, tier 3 50+, tier
// 4 100+, each with a burst.
var (
	tier2 = PerMinute(20, 5)
	tier3 = PerMinute(50, 20)
	tier4 = PerMinute(100, 20)
)

// DefaultLimits are Slack's documented limits, and 525 posts a minute for
// the workspace.
func DefaultLimits() Limits {
	return Limits{
		ChannelPosts:   Pace{Every: time.Second, Burst: 3},
		WorkspacePosts: PerMinute(525, 20),
		Methods: map[string]Pace{
			"conversations.list":    tier2,
			"users.list":            tier2,
			"usergroups.list":       tier2,
			"usergroups.users.list": tier2,
			"conversations.history": tier3,
			"conversations.replies": tier3,
			"conversations.info":    tier3,
			"conversations.open":    tier3,
			"conversations.members": tier4,
			"users.info":            tier4,
			"files.info":            tier4,
			"views.publish":         tier4,

			"files.getUploadURLExternal":   tier4,
			"files.completeUploadExternal": tier4,
		},
	}
}

// NoLimits turns rate limiting off, for tests about something else that
// run on the real clock.
func NoLimits() Limits { return Limits{} }

// SetLimits replaces the rate limits the fake enforces.
func (s *Server) SetLimits(l Limits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = l
	clear(s.paces)
}

// admit books one call of method (into channel, a resolved conversation
// id, for chat methods) against the limits at now, or returns how long to
// wait when it is over one; a refused call books nothing.
func (s *Server) admit(method, channel string, now time.Time) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	type booking struct {
		key  string
		pace Pace
	}
	var books []booking
	switch method {
	case "chat.postMessage":
		books = append(books, booking{"channel:" + channel, s.limits.ChannelPosts}, booking{"posts", s.limits.WorkspacePosts})
	case "chat.postEphemeral", "chat.update":
		books = append(books, booking{"posts", s.limits.WorkspacePosts})
	default:
		books = append(books, booking{"method:" + method, s.limits.Methods[method]})
	}
	var wait time.Duration
	for _, b := range books {
		if b.pace.Every <= 0 {
			continue
		}
		tat := s.paces[b.key]
		allowAt := tat.Add(-time.Duration(max(b.pace.Burst, 1)-1) * b.pace.Every)
		wait = max(wait, allowAt.Sub(now))
	}
	if wait > 0 {
		return wait
	}
	for _, b := range books {
		if b.pace.Every <= 0 {
			continue
		}
		tat := s.paces[b.key]
		if tat.Before(now) {
			tat = now
		}
		s.paces[b.key] = tat.Add(b.pace.Every)
	}
	return 0
}

// retryAfterSeconds renders a wait as Retry-After: whole seconds, rounded
// up, at least 1.
func retryAfterSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
