package campaignbot

import (
	"errors"
	"fmt"
)

// Error codes. Each service method documents which of these it returns.
const (
	// EINVALID means the request was malformed or failed validation.
	EINVALID = "invalid"
	// ENOTFOUND means the thing asked for does not exist.
	ENOTFOUND = "not_found"
	// EFORBIDDEN means the user may not do what was asked.
	EFORBIDDEN = "forbidden"
	// ECONFLICT means the request conflicts with the current state, such as a
	// duplicate name.
	ECONFLICT = "conflict"
	// EINTERNAL means something went wrong inside the bot; its details are
	// logged and never shown to users.
	EINTERNAL = "internal"
)

// Error is an error whose Text is safe to show to a chat user, in every
// supported language. Errors that are not *Error are internal: users see
// only a generic apology while the full error is logged.
type Error struct {
	// Code is one of the E* constants.
	Code string
	// Text is the user-facing explanation, in English and Chinese.
	Text Text
	// Err is the underlying cause, if any; it is logged, never shown.
	Err error
}

// Error implements the error interface with the English text and the cause.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Text.In(English), e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Text.In(English))
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code whose English and Chinese
// texts are formatted with the same arguments.
//
// Deprecated: texts live in the catalogs (use NewError with T);
// internal/catalogmigrate moves Errorf pairs there.
func Errorf(code, en, zh string, args ...any) *Error {
	return &Error{Code: code, Text: Textf(en, zh, args...)}
}

// NewError returns an *Error with the given code and text.
func NewError(code string, text Text) *Error {
	return &Error{Code: code, Text: text}
}

// WrapError returns an *Error with the given code and text that wraps cause.
func WrapError(code string, text Text, cause error) *Error {
	return &Error{Code: code, Text: text, Err: cause}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// InternalErrorText is what users see when something failed inside the bot.
var InternalErrorText = T("campaignbot.sorry-something-went-wrong-on-my")

// ErrorText returns the user-facing text of err: the Text of the first *Error
// in its chain unless that error is internal, and InternalErrorText otherwise.
func ErrorText(err error) Text {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL && !e.Text.IsZero() {
		return e.Text
	}
	return InternalErrorText
}
