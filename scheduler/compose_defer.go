package scheduler

import (
	"fmt"
	"time"
)

// DeferError is returned by a Composer whose reminder is due later than
// planned: the dispatcher puts it back, due again at Until, without
// counting a failure. A re-ping is timed from when the reminder it
// repeats actually went out, which after downtime is later than planned.
type DeferError struct {
	Until time.Time
	// Why is recorded as the reminder's reason while it waits.
	Why string
}

// Error implements error.
func (e *DeferError) Error() string {
	return fmt.Sprintf("deferred until %s: %s", e.Until.Format(time.RFC3339), e.Why)
}
