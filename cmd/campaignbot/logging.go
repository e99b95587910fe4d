package main

import (
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/campaignbot/campaignbot/config"
)

// newLogger returns a logger writing text on a terminal and JSON otherwise,
// unless log.format says which, and the variable holding its level.
func newLogger(w io.Writer, c config.Log) (*slog.Logger, *slog.LevelVar) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(c.Level))); err != nil {
		level = slog.LevelInfo
	}
	lv := new(slog.LevelVar)
	lv.Set(level)
	opts := &slog.HandlerOptions{Level: lv}
	format := c.Format
	if format == "" || format == "auto" {
		format = "json"
		if isTerminal(w) {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts)), lv
	}
	return slog.New(slog.NewJSONHandler(w, opts)), lv
}

// isTerminal reports whether v is a character device such as a terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
