package handlers

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/campaignbot/campaignbot"
)

// memoryPreviews keeps previews in the process, for a router without a
// database (Deps.ImportPreviews unset): with the same rules as the
// database's store, but lost on restart and not shared by replicas.
type memoryPreviews struct {
	mu sync.Mutex
	m  map[previewKey]campaignbot.ImportPreview
}

// previewKey is whose preview it is.
type previewKey struct {
	ws   campaignbot.WorkspaceID
	user campaignbot.UserID
}

// PutPreview implements campaignbot.ImportPreviews.
func (s *memoryPreviews) PutPreview(_ context.Context, p campaignbot.ImportPreview, expired time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[previewKey]campaignbot.ImportPreview{}
	}
	for k, v := range s.m {
		if v.CreatedAt.Before(expired) {
			delete(s.m, k)
		}
	}
	p.Version, p.Done, p.Payload = 1, false, slices.Clone(p.Payload)
	s.m[previewKey{p.Workspace, p.User}] = p
	return nil
}

// Preview implements campaignbot.ImportPreviews.
func (s *memoryPreviews) Preview(_ context.Context, ws campaignbot.WorkspaceID, user campaignbot.UserID) (campaignbot.ImportPreview, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.m[previewKey{ws, user}]
	if !ok {
		return p, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.no-preview-is-waiting"))
	}
	return p, nil
}

// DropPreview implements campaignbot.ImportPreviews.
func (s *memoryPreviews) DropPreview(_ context.Context, ws campaignbot.WorkspaceID, user campaignbot.UserID, id string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := previewKey{ws, user}
	if p, ok := s.m[k]; !ok || p.ID != id {
		return false, nil
	}
	delete(s.m, k)
	return true, nil
}

// MarkPreviewDone implements campaignbot.ImportPreviews.
func (s *memoryPreviews) MarkPreviewDone(_ context.Context, ws campaignbot.WorkspaceID, user campaignbot.UserID, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := previewKey{ws, user}
	if p, ok := s.m[k]; ok && p.ID == id {
		p.Done = true
		s.m[k] = p
	}
	return nil
}

// ReplacePreview implements campaignbot.ImportPreviews.
func (s *memoryPreviews) ReplacePreview(_ context.Context, ws campaignbot.WorkspaceID, user campaignbot.UserID, id string, version int, payload []byte) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := previewKey{ws, user}
	p, ok := s.m[k]
	if !ok || p.ID != id || p.Version != version || p.Done {
		return false, nil
	}
	p.Version, p.Payload = version+1, slices.Clone(payload)
	s.m[k] = p
	return true, nil
}
