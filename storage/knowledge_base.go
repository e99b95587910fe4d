package storage

import (
	"github.com/campaignbot/campaignbot"
)

// KnowledgeBase stores the knowledge-base folder tree and file entries in
// the database; the files' bytes live in a BlobStore.
type KnowledgeBase struct {
	db *DB
}

var _ campaignbot.KnowledgeBase = (*KnowledgeBase)(nil)

// NewKnowledgeBase returns a KnowledgeBase on db.
func NewKnowledgeBase(db *DB) *KnowledgeBase { return &KnowledgeBase{db: db} }
