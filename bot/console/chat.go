package console

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// newTS returns the next message id.
func (a *Adapter) newTS() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.nextTS++
	return strconv.FormatInt(a.nextTS, 10)
}

// Send writes m as posted into a channel or sent by DM. It is safe to call
// from any goroutine, so reminders appear while someone is typing.
func (a *Adapter) Send(ctx context.Context, r campaignbot.Recipient, m campaignbot.OutgoingMessage) (campaignbot.MessageRef, error) {
	if err := ctx.Err(); err != nil {
		return campaignbot.MessageRef{}, &campaignbot.DeliveryError{Retryable: true, Reason: "canceled", Err: err}
	}
	var header string
	ref := campaignbot.MessageRef{Channel: r.Channel, TS: a.newTS()}
	switch {
	case r.User != "":
		if _, err := a.User(ctx, r.User); err != nil {
			return campaignbot.MessageRef{}, &campaignbot.DeliveryError{Reason: "user_not_found", Err: err}
		}
		header = fmt.Sprintf("[DM → @%s] %s:", r.User, BotName)
		ref.Channel = campaignbot.ChannelID("@" + r.User)
	case r.Channel != "":
		if _, err := a.Channel(ctx, r.Channel); err != nil {
			return campaignbot.MessageRef{}, &campaignbot.DeliveryError{Reason: "channel_not_found", Err: err}
		}
		where := "#" + string(r.Channel)
		if m.ThreadID != "" {
			where += " › thread"
		}
		header = fmt.Sprintf("[%s] %s:", where, BotName)
	default:
		return campaignbot.MessageRef{}, &campaignbot.DeliveryError{Reason: "no_recipient", Err: fmt.Errorf("message has no recipient")}
	}
	a.write(render(header, m))
	if m.Attachment != nil {
		a.writeAttachment(header, m.Attachment)
	}
	return ref, nil
}

// Ephemeral writes m as seen only by user.
func (a *Adapter) Ephemeral(ctx context.Context, channel campaignbot.ChannelID, user campaignbot.UserID, m campaignbot.OutgoingMessage) error {
	current, _ := a.where()
	who := campaignbot.T("console.only-you").In(a.lang())
	if string(user) != current {
		who = campaignbot.T("console.only", user).In(a.lang())
	}
	a.write(render(fmt.Sprintf("[#%s] %s (%s):", channel, BotName, who), m))
	return nil
}

// Update writes the new version of a message.
func (a *Adapter) Update(ctx context.Context, ref campaignbot.MessageRef, m campaignbot.OutgoingMessage) error {
	where := string(ref.Channel)
	if !strings.HasPrefix(where, "@") {
		where = "#" + where
	}
	a.write(render(fmt.Sprintf("[%s] %s (updated message %s):", where, BotName, ref.TS), m))
	return nil
}

// OpenForm is not available in the console: it returns EINVALID naming the
// typed command to use instead.
func (a *Adapter) OpenForm(ctx context.Context, triggerID string, f bot.Form) error {
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("console.forms-need-slack-in-the-console"))
}

// Download opens a shared local file. Returns EINVALID when it is larger
// than maxSize and ENOTFOUND when it is gone.
func (a *Adapter) Download(ctx context.Context, f bot.SharedFile, maxSize int64) (io.ReadCloser, error) {
	fh, err := os.Open(f.ID)
	if err != nil {
		return nil, campaignbot.WrapError(campaignbot.ENOTFOUND,
			campaignbot.T("console.the-file-is-gone-share-it", f.Name), err)
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, fmt.Errorf("stat %s: %w", f.ID, err)
	}
	if maxSize > 0 && st.Size() > maxSize {
		fh.Close()
		return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("console.is-larger-than-the-limit", f.Name, campaignbot.FormatSize(st.Size()), campaignbot.FormatSize(maxSize)))
	}
	return fh, nil
}

// render formats a message for the terminal: canonical markup becomes
// @name and #channel, fields and buttons go on their own lines.
func render(header string, m campaignbot.OutgoingMessage) string {
	var b strings.Builder
	b.WriteString(header)
	text := plainText(m.Text)
	lines := strings.Split(text, "\n")
	if len(lines) == 1 {
		b.WriteString(" " + lines[0] + "\n")
	} else {
		b.WriteString("\n")
		for _, l := range lines {
			b.WriteString("  " + l + "\n")
		}
	}
	for _, f := range m.Fields {
		fmt.Fprintf(&b, "  %s: %s\n", plainText(f.Label), plainText(f.Value))
	}
	for _, btn := range m.Buttons {
		switch {
		case btn.Command != "":
			fmt.Fprintf(&b, "  [%s] %s\n", btn.Label, plainText(btn.Command))
		case btn.URL != "":
			fmt.Fprintf(&b, "  [%s] %s\n", btn.Label, btn.URL)
		}
	}
	return b.String()
}

// plainText turns canonical markup into what a person types.
func plainText(s string) string {
	var b strings.Builder
	for _, t := range bot.ParseText(s).Tokens {
		switch t.Kind {
		case bot.TokenText:
			b.WriteString(t.Text)
		case bot.TokenUser:
			b.WriteString("@" + t.ID)
		case bot.TokenChannel:
			b.WriteString("#" + t.ID)
		case bot.TokenGroup:
			if t.Label != "" {
				b.WriteString("@" + t.Label)
			} else {
				b.WriteString("@" + t.ID)
			}
		case bot.TokenSpecial:
			b.WriteString("@" + t.ID)
		case bot.TokenLink:
			if t.Label != "" {
				b.WriteString(t.Label + " (" + t.ID + ")")
			} else {
				b.WriteString(t.ID)
			}
		}
	}
	return b.String()
}
