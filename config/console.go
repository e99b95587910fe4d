package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/campaignbot/campaignbot"
)

// handleRE is a console user or channel name: a lowercase handle.
var handleRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,79}$`)

// slackUserRE matches Slack member IDs, which user references may use
// instead of console user names.
var slackUserRE = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

func (b *builder) console() {
	raw, c := &b.raw.Console, &b.cfg.Console
	b.users = map[string]bool{}
	for i, u := range raw.Users {
		path := index("console.users", i)
		name := strings.TrimPrefix(strings.TrimSpace(u.Name), "@")
		switch {
		case !handleRE.MatchString(name):
			b.r.at(path+".name", "bad user name %s: use a lowercase handle of letters, digits, '.', '_' and '-', like li.na", quote(u.Name))
			continue
		case b.users[name]:
			b.r.at(path+".name", "user %s is listed twice", name)
			continue
		}
		tz := strings.TrimSpace(u.Timezone)
		if tz != "" {
			if _, err := loadZone(tz); err != nil {
				b.r.at(path+".timezone", "%v", err)
			}
		}
		b.users[name] = true
		b.userNames = append(b.userNames, name)
		c.Users = append(c.Users, ConsoleUser{Name: name, RealName: strings.TrimSpace(u.RealName), Timezone: tz})
	}
	channels := map[string]bool{}
	var channelNames []string
	for i, ch := range raw.Channels {
		path := index("console.channels", i)
		name := strings.TrimPrefix(strings.TrimSpace(ch.Name), "#")
		switch {
		case !handleRE.MatchString(name):
			b.r.at(path+".name", "bad channel name %s: use lowercase letters, digits, '.', '_' and '-', like double11-war-room", quote(ch.Name))
			continue
		case channels[name]:
			b.r.at(path+".name", "channel %s is listed twice", name)
			continue
		}
		channels[name] = true
		channelNames = append(channelNames, name)
		cc := ConsoleChannel{Name: name, Private: b.boolean(path+".private", ch.Private, false), Members: b.userList(path+".members", ch.Members)}
		if len(cc.Members) > 0 && !cc.Private {
			b.r.at(path+".members", "members only apply to private channels (everyone is in a public one): add private: true, or remove them")
		}
		c.Channels = append(c.Channels, cc)
	}

	c.User = strings.TrimPrefix(strings.TrimSpace(raw.User), "@")
	if !b.r.given("console.user") && !b.users[c.User] && len(c.Users) > 0 {
		c.User = c.Users[0].Name
	}
	if !b.users[c.User] {
		b.r.at("console.user", "user %s is not among console.users: %s", quote(c.User), oneOf(c.User, b.userNames))
	}
	c.Channel = strings.TrimPrefix(strings.TrimSpace(raw.Channel), "#")
	if !b.r.given("console.channel") && !channels[c.Channel] && len(c.Channels) > 0 {
		c.Channel = c.Channels[0].Name
	}
	if !channels[c.Channel] {
		b.r.at("console.channel", "channel %s is not among console.channels: %s", quote(c.Channel), oneOf(c.Channel, channelNames))
	}
}

// user reads a user reference: a console user name (with or without '@')
// or a Slack member ID like U0123ABCD.
func (b *builder) user(path, s string) (campaignbot.UserID, bool) {
	name := strings.TrimPrefix(strings.TrimSpace(s), "@")
	switch {
	case name == "":
		b.r.at(path, "empty user name: use a console user like li.na or a Slack member ID like U0123ABCD")
		return "", false
	case b.users[name] || slackUserRE.MatchString(name):
		return campaignbot.UserID(name), true
	}
	if best := closest(name, b.userNames); best != "" {
		b.r.at(path, "unknown user %s: did you mean %s? Users are console user names or Slack member IDs like U0123ABCD", quote(name), best)
	} else {
		b.r.at(path, "unknown user %s: use a console user (%s) or a Slack member ID like U0123ABCD", quote(name), listSome(b.userNames))
	}
	return "", false
}

// userList reads a list of user references, dropping repeats.
func (b *builder) userList(path string, list []string) []campaignbot.UserID {
	var ids []campaignbot.UserID
	seen := map[campaignbot.UserID]bool{}
	for i, s := range list {
		if id, ok := b.user(index(path, i), s); ok && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// oneOf suggests the closest of the choices to s, or lists them.
func oneOf(s string, choices []string) string {
	if best := closest(s, choices); best != "" {
		return fmt.Sprintf("did you mean %s?", best)
	}
	if len(choices) == 0 {
		return "none are configured"
	}
	return "use one of " + listSome(choices)
}

// listSome lists up to 8 names.
func listSome(names []string) string {
	if len(names) == 0 {
		return "none are configured"
	}
	if len(names) > 8 {
		return strings.Join(names[:8], ", ") + ", …"
	}
	return strings.Join(names, ", ")
}
