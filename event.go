package campaignbot

import "context"

// EventLog remembers which incoming chat events were already handled, so a
// retried or doubly delivered event has one effect, across restarts too.
type EventLog interface {
	// FirstDelivery records the event and reports true the first time it is
	// seen, false for every later delivery of the same source and id.
	FirstDelivery(ctx context.Context, source, eventID string) (bool, error)
}
