package main

import (
	"context"
	"sync/atomic"

	"github.com/campaignbot/campaignbot/scheduler"
)

// replanner hands the handlers' re-plan requests to the scheduler service,
// which is built after the handlers are registered. Before it exists a
// request does nothing: the service plans everything when it starts.
type replanner struct {
	svc atomic.Pointer[scheduler.Service]
}

// set connects the scheduler service.
func (r *replanner) set(s *scheduler.Service) { r.svc.Store(s) }

// ReplanNow re-plans through the scheduler service, once there is one.
func (r *replanner) ReplanNow(ctx context.Context) error {
	if s := r.svc.Load(); s != nil {
		return s.ReplanNow(ctx)
	}
	return nil
}
