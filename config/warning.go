package config

import (
	"fmt"
	"log/slog"

	"github.com/campaignbot/campaignbot"
)

// Warning is something in a valid configuration that deserves a look: the
// bot runs with it, but perhaps not as meant. It is located in the file
// like a Problem and written in every language; `campaignbot config check`
// prints each one in English and in Chinese, and the bot logs them.
type Warning struct {
	File string
	Line int
	Col  int
	Text campaignbot.Text
}

// In formats the warning as "FILE:LINE:COL: warning: message" in language
// l ("FILE:LINE:COL: 警告：message" in Chinese), dropping the parts of the
// position that are unknown.
func (w Warning) In(l campaignbot.Language) string {
	label := "warning: "
	if l == campaignbot.Chinese || l == campaignbot.TraditionalChinese {
		label = "警告："
	}
	msg := label + w.Text.In(l)
	switch {
	case w.Line > 0 && w.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", w.File, w.Line, w.Col, msg)
	case w.Line > 0:
		return fmt.Sprintf("%s:%d: %s", w.File, w.Line, msg)
	case w.File != "":
		return w.File + ": " + msg
	}
	return msg
}

// LogWarnings logs every warning of the configuration at level warn, in
// English and Chinese.
func (c *Config) LogWarnings(log *slog.Logger) {
	for _, w := range c.Warnings {
		log.Warn("config warning", "warning", w.In(campaignbot.English), "zh", w.In(campaignbot.Chinese))
	}
}
