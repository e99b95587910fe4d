package handlers

import (
	"path"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// MatchingRules returns, in order, the filing rules that match a file
// named name shared in channel. A rule matches when every criterion it
// sets matches: one of its channels (by id or name), one of its globs and
// one of its keywords (case-insensitive, on the file name). The first one
// that may take the file wins; see fileShareHandler.destination.
func MatchingRules(rules []config.FilingRule, channel campaignbot.Channel, name string) []config.FilingRule {
	lower := strings.ToLower(name)
	var out []config.FilingRule
	for _, r := range rules {
		if ruleMatches(r, channel, lower) {
			out = append(out, r)
		}
	}
	return out
}

// ruleMatches reports whether r matches a lower-cased file name.
func ruleMatches(r config.FilingRule, channel campaignbot.Channel, lower string) bool {
	if len(r.Channels) > 0 && !namesChannel(r, channel) {
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

// namesChannel reports whether r lists channel among its channels.
func namesChannel(r config.FilingRule, channel campaignbot.Channel) bool {
	return anyOf(r.Channels, func(c campaignbot.ChannelID) bool { return campaignbot.SameChannel(c, channel) })
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
