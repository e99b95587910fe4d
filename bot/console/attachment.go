package console

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/campaignbot/campaignbot"
)

// fileDir is where attachments are written.
func (a *Adapter) fileDir() string {
	if a.opts.FileDir != "" {
		return a.opts.FileDir
	}
	return filepath.Join(os.TempDir(), "campaignbot-files")
}

// writeAttachment writes f into the file folder, replacing a file of the
// same name, and prints its path under header as the message's file. A
// failure is logged and printed; the message stays sent, as on Slack.
func (a *Adapter) writeAttachment(header string, f *campaignbot.Attachment) {
	name := filepath.Base(strings.ReplaceAll(f.Name, "\\", "/"))
	if name == "." || name == "/" || name == "" {
		name = "attachment"
	}
	path := filepath.Join(a.fileDir(), name)
	err := os.MkdirAll(a.fileDir(), 0o755)
	if err == nil {
		err = os.WriteFile(path, f.Data, 0o644)
	}
	if err != nil {
		a.opts.Logger.Warn("writing a file sent with a message failed", "path", path, "err", err)
		a.write(fmt.Sprintf("%s %s\n", header, campaignbot.T("console.the-file-could-not-be-written", name).In(a.lang())))
		return
	}
	title := f.Title
	if title == "" {
		title = name
	}
	a.write(fmt.Sprintf("  [%s] %s\n", title, path))
}
