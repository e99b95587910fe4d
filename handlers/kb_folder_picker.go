package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// Limits of a folder picker's options, Slack's: at most 100 options, each
// value at most 150 characters and each label at most 75.
const (
	maxFolderOptions     = 100
	maxFolderOptionValue = 150
	maxFolderOptionLabel = 75
)

// pathHashPrefix starts the option value of a folder whose path is too
// long to be one: the SHA-256 of the path, which says nothing of folders
// the user may not see, unlike a database id would.
const pathHashPrefix = "folder-sha256:"

// folderValue is the option value of the folder at p.
func folderValue(p campaignbot.FolderPath) string {
	if len(p) <= maxFolderOptionValue && !strings.HasPrefix(string(p), pathHashPrefix) {
		return string(p)
	}
	sum := sha256.Sum256([]byte(p))
	return pathHashPrefix + hex.EncodeToString(sum[:])
}

// folderLabel shows a path in at most maxFolderOptionLabel characters,
// keeping its end, which tells folders apart, and 🔒 after a folder not
// everyone may see, so that an open folder named like a restricted one
// does not pass for it.
func folderLabel(p campaignbot.FolderPath, locked bool) string {
	mark, room := "", maxFolderOptionLabel
	if locked {
		mark, room = " 🔒", maxFolderOptionLabel-2
	}
	if utf8.RuneCountInString(string(p)) <= room {
		return string(p) + mark
	}
	r := []rune(string(p))
	return "…" + string(r[len(r)-room+1:]) + mark
}

// folderOptions returns up to limit folders the user may save into whose
// path contains query, ignoring case, in tree order.
func folderOptions(v *kbView, query string, limit int) []bot.FormOption {
	query = strings.ToLower(strings.TrimSpace(query))
	var out []bot.FormOption
	for _, f := range v.folders {
		if len(out) == limit {
			break
		}
		if v.writable(f) && strings.Contains(strings.ToLower(string(f.Path)), query) {
			out = append(out, bot.FormOption{Value: folderValue(f.Path), Label: folderLabel(f.Path, v.restricted(f))})
		}
	}
	return out
}

// folderOption finds the folder of a picked option value, or of a typed
// path. A value naming no folder the user may see is answered like a
// missing path.
func (v *kbView) folderOption(req *bot.Request, value string) (*campaignbot.Folder, error) {
	if !strings.HasPrefix(value, pathHashPrefix) {
		return v.folder(req, value)
	}
	for _, f := range v.appearing() {
		if folderValue(f.Path) == value {
			return f, nil
		}
	}
	return nil, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.pick-a-folder-from-the-list"))
}

// suggestFolders answers the save form's folder picker as the user types:
// the folders they may save into whose path contains what they typed.
func (h *kbHandler) suggestFolders(ctx context.Context, req *bot.Request) ([]bot.FormOption, error) {
	v, err := h.view(ctx, req)
	if err != nil {
		return nil, err
	}
	return folderOptions(v, req.Suggestion.Query, maxFolderOptions), nil
}
