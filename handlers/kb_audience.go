package handlers

import (
	"context"
	"fmt"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// readersWithinChannel reports whether everyone who may see a folder at p,
// admins aside, is a member of the private channel ch: the folder is
// restricted and each of its grants is to ch itself, or to users, channels
// and user groups whose members are all in ch. Admins are left out
// because they may see the channel's own folder too. When the chat cannot
// list members the answer is no, which keeps the file in the channel's
// folder.
func readersWithinChannel(ctx context.Context, req *bot.Request, v *kbView, p campaignbot.FolderPath, ch campaignbot.Channel) (bool, error) {
	readers := campaignbot.ReadersAt(v.folders, p)
	if readers.Open {
		return false, nil
	}
	lister, ok := req.Chat.(campaignbot.MemberLister)
	if !ok {
		return false, nil
	}
	inChannel, err := memberSet(ctx, lister, ch.ID)
	if err != nil {
		return false, err
	}
	allIn := func(users []campaignbot.UserID) bool {
		for _, u := range users {
			if !inChannel[u] {
				return false
			}
		}
		return true
	}
	for _, g := range readers.Grants {
		var members []campaignbot.UserID
		switch g.Kind {
		case campaignbot.PrincipalUser:
			members = []campaignbot.UserID{campaignbot.UserID(g.Principal)}
		case campaignbot.PrincipalChannel:
			if campaignbot.SameChannel(campaignbot.ChannelID(g.Principal), ch) {
				continue
			}
			if members, err = lister.ChannelMembers(ctx, campaignbot.ChannelID(g.Principal)); err != nil {
				return false, fmt.Errorf("members of %s: %w", g.Principal, err)
			}
		case campaignbot.PrincipalGroup:
			groups, ok := req.Chat.(bot.GroupDirectory)
			if !ok {
				return false, nil
			}
			if members, err = groups.GroupMembers(ctx, g.Principal); err != nil {
				return false, fmt.Errorf("members of the group %s: %w", g.Principal, err)
			}
		default:
			return false, nil
		}
		if !allIn(members) {
			return false, nil
		}
	}
	return true, nil
}

// memberSet returns the members of a channel as a set.
func memberSet(ctx context.Context, lister campaignbot.MemberLister, ch campaignbot.ChannelID) (map[campaignbot.UserID]bool, error) {
	members, err := lister.ChannelMembers(ctx, ch)
	if err != nil {
		return nil, fmt.Errorf("members of %s: %w", ch, err)
	}
	set := make(map[campaignbot.UserID]bool, len(members))
	for _, u := range members {
		set[u] = true
	}
	return set, nil
}

// sayable reports whether a reply naming the folders at paths ("" is
// unfiled) and the entries files may be said where everyone in ch reads
// it: every folder is open or granted to ch, and no entry is held for one
// user. Direct conversations hold only the user.
func (v *kbView) sayable(ch campaignbot.Channel, files []*campaignbot.File, paths ...campaignbot.FolderPath) bool {
	if ch.ID == "" || ch.IsDM {
		return true
	}
	for _, f := range files {
		if f.HeldFor != "" {
			return false
		}
	}
	for _, p := range paths {
		if !campaignbot.ReadersAt(v.folders, p).IncludeChannel(ch) {
			return false
		}
	}
	return true
}

// replyAbout answers m in the conversation when it is sayable there, and
// to the user only otherwise, so that a channel never hears of a folder or
// entry some of its members may not see.
func replyAbout(ctx context.Context, req *bot.Request, v *kbView, m campaignbot.OutgoingMessage, files []*campaignbot.File, paths ...campaignbot.FolderPath) error {
	if v.sayable(req.Channel, files, paths...) {
		return req.Reply(ctx, m)
	}
	return req.ReplyPrivately(ctx, m)
}
