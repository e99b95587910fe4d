package config

import (
	"strings"

	"github.com/campaignbot/campaignbot"
)

// reviewFolder returns the knowledge-base folder campaign c's review is
// saved into: `review.folder` when set, else "<name>/Review", or
// "<id>/Review" when the name makes no folder path. A bad path is a
// problem at p.
func (b *builder) reviewFolder(p, s string, c campaignbot.Campaign) campaignbot.FolderPath {
	if strings.TrimSpace(s) != "" {
		fp, _ := b.folderPath(p, s)
		return fp
	}
	if fp, err := campaignbot.ParseFolderPath(c.Name + "/Review"); err == nil {
		return fp
	}
	fp, _ := campaignbot.ParseFolderPath(c.ID + "/Review")
	return fp
}
