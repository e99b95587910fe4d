package handlers

import (
	"context"
	"errors"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// importOrigin is where the notes of a preview were read from, so that
// confirming can check they are still there and still the user's to read.
type importOrigin struct {
	// ts is the message of the preview's channel the notes were read
	// from: by a thread, a link or the shortcut; "" for a file.
	ts string
	// shortcut is set when the message came with the shortcut, which
	// works in conversations the bot is not in and so cannot read.
	shortcut bool
	// file is the shared notes file; nil for a message.
	file *bot.SharedFile
}

// stillReadable checks on confirmation that the notes a preview was read
// from still exist and that the user may still read them: the message
// (or the file) is not deleted, the file is not restricted since, and the
// user is still in the private channel or DM it is in. Anything else is
// answered exactly as a missing message is, and nothing is created.
//
// The shortcut works in private conversations the bot is not in, whose
// messages it cannot read: there the confirmation must come from that
// conversation itself (the preview's button, or the command typed there),
// which only its members can use. (A message deleted there cannot be
// told from one still there.)
func (h *todoHandler) stillReadable(ctx context.Context, req *bot.Request, p *pendingImport) error {
	o := p.origin
	if o.file != nil {
		return stillShared(ctx, req, p.channel, *o.file)
	}
	if o.ts == "" {
		return nil
	}
	reader, ok := req.Chat.(bot.MessageReader)
	if !ok {
		return nil
	}
	_, err := reader.ReadMessage(ctx, p.channel.ID, o.ts)
	switch {
	case o.shortcut && errors.Is(err, bot.ErrConversationUnreadable):
		if (p.channel.Private || p.channel.IsDM) && req.Channel.ID != p.channel.ID {
			return messageGone()
		}
		return nil
	case campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND:
		return messageGone()
	case err != nil:
		return err
	}
	if p.channel.Private || p.channel.IsDM {
		return mayRead(ctx, req, p.channel.ID)
	}
	return nil
}

// stillShared checks that a notes file shared in channel is still there
// for the bot (not deleted, nor restricted to conversations the bot is
// not in) and that the user is still in the channel when it is private.
func stillShared(ctx context.Context, req *bot.Request, channel campaignbot.Channel, f bot.SharedFile) error {
	if channel.Private || channel.IsDM {
		if err := mayRead(ctx, req, channel.ID); err != nil {
			return err
		}
	}
	rc, err := req.Chat.Download(ctx, f, maxNotesFile)
	switch {
	case campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND || campaignbot.ErrorCode(err) == campaignbot.EFORBIDDEN:
		return messageGone()
	case err != nil:
		return err
	}
	return rc.Close()
}
