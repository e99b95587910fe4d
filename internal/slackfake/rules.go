package slackfake

import "time"

// Rule is a fault that every matching call gets while the fake's clock is
// within [From, Until): an outage, or a channel rate-limited for minutes.
type Rule struct {
	// Method is the API method the rule applies to; "" means every method.
	Method string
	// Channel limits the rule to calls about one conversation (its id or
	// name, matched after names are resolved); "" means any.
	Channel string
	// From and Until bound the window; a zero From means from the start,
	// a zero Until means for ever.
	From, Until time.Time
	Fault
}

// AddRule adds a windowed fault. Faults queued with Fail are answered
// first.
func (s *Server) AddRule(r Rule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = append(s.rules, r)
}

// ruleFault returns the fault of the first rule matching a call of method
// about channel (a resolved id, or "") at now.
func (s *Server) ruleFault(method, channel string, now time.Time) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.rules {
		if r.Method != "" && r.Method != method {
			continue
		}
		if r.Channel != "" && s.resolveLocked(r.Channel) != channel {
			continue
		}
		if (!r.From.IsZero() && now.Before(r.From)) || (!r.Until.IsZero() && !now.Before(r.Until)) {
			continue
		}
		return r.Fault, true
	}
	return Fault{}, false
}
