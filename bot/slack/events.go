package slack

import (
	"context"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// handleEvent works on one event_callback after it was acknowledged.
//
// Which events do what:
//   - message (plain, thread_broadcast or file_share) goes to the Router;
//     direct messages are addressed to the bot. Files come only from
//     file_share messages: file_shared events are ignored, because every
//     file shared in a conversation the bot is in also arrives as a
//     file_share message, which carries the comment and the thread.
//   - app_mention goes to the Router as addressed to the bot, unless it
//     shares files: the file_share message handles those.
//   - app_home_opened on the home tab draws the App Home.
//   - user_change and team_join store the user (zone, locale, names) in
//     the user directory; channel_rename makes channel names resolve
//     afresh.
//   - message_changed, message_deleted, other subtypes, messages of bots
//     and of the bot itself are ignored.
func (a *Adapter) handleEvent(ctx context.Context, in bot.Inbox, env *eventEnvelope, ev *innerEvent) {
	log := a.log.With("event_id", env.EventID, "type", ev.Type, "subtype", ev.Subtype)
	switch ev.Type {
	case "message":
		if !a.fromPerson(ev) {
			log.Debug("slack event ignored")
			return
		}
		m := a.message(ctx, env, ev)
		m.MentionsBot = ev.ChannelType == "im"
		in.HandleMessage(ctx, a, m)
	case "app_mention":
		if !a.fromPerson(ev) || len(ev.Files) > 0 {
			log.Debug("slack event ignored")
			return
		}
		m := a.message(ctx, env, ev)
		m.MentionsBot = true
		in.HandleMessage(ctx, a, m)
	case "app_home_opened":
		home, ok := in.(bot.HomeInbox)
		if !ok || ev.Tab != "home" || ev.User == "" {
			return
		}
		user := a.resolveUser(ctx, ev.User)
		home.HandleHome(ctx, a, &bot.HomeVisit{
			Workspace: a.workspace(env.TeamID),
			User:      user,
			Responder: &homeResponder{a: a, user: user.ID},
			Time:      parseTS(ev.EventTS),
		})
	case "user_change", "team_join":
		a.userChanged(ctx, ev.Profile, ev.EventTS)
	case "channel_rename":
		a.chans.drop(ev.Channel)
		a.chanNames.invalidate()
	default:
		log.Debug("slack event ignored")
	}
}

// fromPerson reports whether a message event is a person's new message:
// not from a bot or the bot itself, not an edit, deletion or join notice.
func (a *Adapter) fromPerson(ev *innerEvent) bool {
	switch ev.Subtype {
	case "", "file_share", "thread_broadcast":
	default:
		return false
	}
	return ev.BotID == "" && ev.User != "" && ev.User != string(a.self.ID) && !ev.Hidden
}

// message turns a message or app_mention event into a bot.Message.
func (a *Adapter) message(ctx context.Context, env *eventEnvelope, ev *innerEvent) *bot.Message {
	m := &bot.Message{
		Workspace: a.workspace(env.TeamID),
		EventID:   env.EventID,
		TS:        ev.TS,
		User:      a.resolveUser(ctx, ev.User),
		Channel:   a.resolveChannel(ctx, ev.Channel, "", ev.ChannelType),
		Text:      ev.Text,
		ThreadTS:  ev.ThreadTS,
		Permalink: a.permalink(ev.Channel, ev.TS, ev.ThreadTS),
		Time:      parseTS(ev.TS),
	}
	if ev.Subtype == "file_share" || len(ev.Files) > 0 {
		m.Files = a.sharedFiles(ctx, ev.Files)
	}
	return m
}

// sharedFiles converts file objects, completing those Slack sent as bare
// ids (file_access "check_file_info") with files.info. Files that cannot
// be downloaded (external, tombstoned) are left out.
func (a *Adapter) sharedFiles(ctx context.Context, files []slackFile) []bot.SharedFile {
	var out []bot.SharedFile
	for _, f := range files {
		if f.ID == "" {
			continue
		}
		if f.FileAccess == "check_file_info" || f.Name == "" {
			info, err := a.fileInfo(ctx, f.ID, f.ID)
			if err != nil {
				a.log.Warn("files.info failed; skipping the file", "file", f.ID, "err", err)
				continue
			}
			f = slackFile{ID: info.ID, Name: info.Name, Title: info.Title, Mimetype: info.Mimetype, Size: int64(info.Size), Mode: info.Mode}
		}
		switch f.Mode {
		case "tombstone", "external", "hidden_by_limit":
			continue
		}
		out = append(out, bot.SharedFile{ID: f.ID, Name: f.Name, MIME: f.Mimetype, Size: f.Size})
	}
	return out
}

// workspace is the event's team, or the bot's.
func (a *Adapter) workspace(team string) campaignbot.WorkspaceID {
	if team != "" {
		return campaignbot.WorkspaceID(team)
	}
	return a.team
}

// resolveUser looks a user up, settling for the bare id when Slack cannot
// say more.
func (a *Adapter) resolveUser(ctx context.Context, id string) campaignbot.User {
	u, err := a.User(ctx, campaignbot.UserID(id))
	if err != nil {
		a.log.Debug("users.info failed; using the bare id", "user", id, "err", err)
		return campaignbot.User{ID: campaignbot.UserID(id)}
	}
	return u
}

// resolveChannel looks a conversation up (conversations.info, cached), so
// Private and IsDM are right for messages, commands and interactions alike.
// When Slack cannot say more it settles for the bare id, with privacy from
// what the payload tells: an event's channel_type ("group", "mpim", "im"),
// or a command's or interaction's channel_name ("privategroup",
// "directmessage", "mpdm-…"). A channel that conversations.info does not
// find is private: the bot can see every public channel, in it or not.
func (a *Adapter) resolveChannel(ctx context.Context, id, name, channelType string) campaignbot.Channel {
	if id == "" {
		return campaignbot.Channel{}
	}
	c, err := a.Channel(ctx, campaignbot.ChannelID(id))
	if err == nil {
		return c
	}
	a.log.Debug("conversations.info failed; using the bare id", "channel", id, "err", err)
	c = campaignbot.Channel{ID: campaignbot.ChannelID(id)}
	c.IsDM = channelType == "im" || name == "directmessage" || strings.HasPrefix(id, "D")
	if !c.IsDM {
		c.Private = channelType == "group" || channelType == "mpim" || name == "privategroup" ||
			strings.HasPrefix(name, "mpdm-") || campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND
	}
	if name != "privategroup" && name != "directmessage" {
		c.Name = name
	}
	return c
}

// homeResponder publishes what the home handler replies as the App Home.
type homeResponder struct {
	a    *Adapter
	user campaignbot.UserID
}

// Reply publishes m as the home tab.
func (h *homeResponder) Reply(ctx context.Context, m campaignbot.OutgoingMessage) error {
	return h.a.publishHome(ctx, h.user, m)
}

// ReplyPrivately publishes m as the home tab, which only its user sees.
func (h *homeResponder) ReplyPrivately(ctx context.Context, m campaignbot.OutgoingMessage) error {
	return h.a.publishHome(ctx, h.user, m)
}
