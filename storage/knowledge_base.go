package storage

import (
	"github.com/campaignbot/campaignbot"
)

// KnowledgeBase stores the knowledge-base folder tree and file entries in
// the database; the files' bytes live in a BlobStore.
type KnowledgeBase struct {
	db *DB
	// pick proposes the numbers of new entries.
	pick NumberPicker
}

var _ campaignbot.KnowledgeBase = (*KnowledgeBase)(nil)

// Option configures a KnowledgeBase.
type Option func(*KnowledgeBase)

// WithNumbers makes pick propose the numbers of new entries instead of
// RandomNumbers, e.g. to make them predictable in tests.
func WithNumbers(pick NumberPicker) Option {
	return func(kb *KnowledgeBase) { kb.pick = pick }
}

// NewKnowledgeBase returns a KnowledgeBase on db.
func NewKnowledgeBase(db *DB, opts ...Option) *KnowledgeBase {
	kb := &KnowledgeBase{db: db, pick: RandomNumbers}
	for _, o := range opts {
		o(kb)
	}
	return kb
}
