package handlers

import (
	"path"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// FilingFolder returns the folder of the first filing rule that matches a
// file named name shared in channel. A rule matches when every criterion it
// sets matches: one of its channels (by id or name), one of its globs and
// one of its keywords (case-insensitive, on the file name).
func FilingFolder(rules []config.FilingRule, channel campaignbot.Channel, name string) (campaignbot.FolderPath, bool) {
	lower := strings.ToLower(name)
	for _, r := range rules {
		if ruleMatches(r, channel, lower) {
			return r.Folder, true
		}
	}
	return "", false
}

// ruleMatches reports whether r matches a lower-cased file name.
func ruleMatches(r config.FilingRule, channel campaignbot.Channel, lower string) bool {
	if len(r.Channels) > 0 && !anyOf(r.Channels, func(c campaignbot.ChannelID) bool {
		s := strings.TrimPrefix(string(c), "#")
		return strings.EqualFold(s, string(channel.ID)) || strings.EqualFold(s, channel.Name)
	}) {
		return false
	}
	if len(r.Globs) > 0 && !anyOf(r.Globs, func(g string) bool {
		ok, err := path.Match(strings.ToLower(g), lower)
		return err == nil && ok
	}) {
		return false
	}
	if len(r.Keywords) > 0 && !anyOf(r.Keywords, func(k string) bool {
		return strings.Contains(lower, strings.ToLower(k))
	}) {
		return false
	}
	return true
}

// anyOf reports whether f holds for any element of xs.
func anyOf[T any](xs []T, f func(T) bool) bool {
	for _, x := range xs {
		if f(x) {
			return true
		}
	}
	return false
}
