package storage

import (
	"errors"
	"fmt"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
)

// wrapErr returns err unchanged when it is a coded *campaignbot.Error meant
// for users, and otherwise wraps it as an internal error of op.
func wrapErr(op string, err error) error {
	var e *campaignbot.Error
	if err == nil || errors.As(err, &e) {
		return err
	}
	return fmt.Errorf("storage: %s: %w", op, err)
}

// isNotFound reports whether err says a query found no row.
func isNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }
