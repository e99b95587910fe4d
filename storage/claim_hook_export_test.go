package storage

import (
	"strings"

	"gorm.io/gorm"
)

// AfterClaimSelect registers fn to run inside Claim's transaction
// right after the query that picks the claimable keys, before the rows are
// read and updated: the moment another replica's write may commit (test
// seam; test code only).
func AfterClaimSelect(db *DB, fn func()) {
	db.rw.Callback().Row().After("gorm:row").Register("test:after_claim_select", func(tx *gorm.DB) {
		if strings.Contains(tx.Statement.SQL.String(), "ROWS UNBOUNDED PRECEDING") {
			fn()
		}
	})
}
