package campaignbot

import (
	"context"
	"time"
)

// ImportPreview is a preview of meeting notes read for to-dos, waiting
// for its owner's confirmation: nothing of it is a to-do yet. It is kept
// in the database, so that the confirmation may reach any replica, or the
// process after a restart.
type ImportPreview struct {
	Workspace WorkspaceID
	User      UserID
	// ID changes with each new preview, so that an earlier preview's
	// buttons do not act on a later one.
	ID string
	// Version grows with each edit of the preview; an edit applies only
	// to the version it was made from.
	Version int
	// Payload is the preview, encoded by the handler that made it.
	Payload []byte
	// CreatedAt is when the preview was made.
	CreatedAt time.Time
	// Done is set once its to-dos were created.
	Done bool
}

// ImportPreviews keeps each person's latest preview of meeting notes.
type ImportPreviews interface {
	// PutPreview makes p its user's preview, replacing an earlier one,
	// and forgets previews made before expired.
	PutPreview(ctx context.Context, p ImportPreview, expired time.Time) error
	// Preview returns the user's preview, or ENOTFOUND.
	Preview(ctx context.Context, ws WorkspaceID, user UserID) (ImportPreview, error)
	// DropPreview forgets the user's preview when its ID is id, and
	// reports whether it did.
	DropPreview(ctx context.Context, ws WorkspaceID, user UserID, id string) (bool, error)
	// MarkPreviewDone records that the to-dos of the preview with id were
	// created.
	MarkPreviewDone(ctx context.Context, ws WorkspaceID, user UserID, id string) error
	// ReplacePreview stores payload as the next version of the user's
	// preview when it is still the one with id at version and not done,
	// and reports whether it did.
	ReplacePreview(ctx context.Context, ws WorkspaceID, user UserID, id string, version int, payload []byte) (bool, error)
}
