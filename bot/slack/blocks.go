package slack

import (
	"fmt"
	"strings"
	"unicode/utf8"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
)

// Block Kit limits.
const (
	maxSectionText = 3000
	maxFields      = 10
	maxButtons     = 25
	maxButtonLabel = 75
	maxButtonValue = 2000
	// reminderEventType is the message metadata event_type of reminders;
	// its payload carries the reminder key.
	reminderEventType = "campaignbot_reminder"
	// linkActionPrefix marks link buttons, whose clicks need no handling.
	linkActionPrefix = "link."
	// actionIndexSep separates an action id from the index that keeps
	// action ids unique within a block.
	actionIndexSep = "#"
)

// renderBlocks turns a message into Block Kit blocks: the text as mrkdwn
// sections, the fields as section fields, the buttons as actions blocks.
func renderBlocks(m campaignbot.OutgoingMessage) []slackgo.Block {
	var blocks []slackgo.Block
	for _, chunk := range splitText(m.Text, maxSectionText) {
		blocks = append(blocks, slackgo.NewSectionBlock(mrkdwn(chunk), nil, nil))
	}
	for i := 0; i < len(m.Fields); i += maxFields {
		var fields []*slackgo.TextBlockObject
		for _, f := range m.Fields[i:min(i+maxFields, len(m.Fields))] {
			fields = append(fields, mrkdwn(truncate(fmt.Sprintf("*%s*\n%s", f.Label, f.Value), 2000)))
		}
		blocks = append(blocks, slackgo.NewSectionBlock(nil, fields, nil))
	}
	for i := 0; i < len(m.Buttons); i += maxButtons {
		group := m.Buttons[i:min(i+maxButtons, len(m.Buttons))]
		seen := map[string]bool{}
		var elems []slackgo.BlockElement
		for j, b := range group {
			id := b.ActionID
			if b.URL != "" {
				id = linkActionPrefix + fmt.Sprint(i+j)
			} else if id == "" || seen[id] {
				id = fmt.Sprintf("%s%s%d", b.ActionID, actionIndexSep, i+j)
			}
			seen[id] = true
			btn := slackgo.NewButtonBlockElement(id, truncate(b.Value, maxButtonValue), plain(truncate(b.Label, maxButtonLabel)))
			if b.URL != "" {
				btn = btn.WithURL(b.URL)
			}
			switch b.Style {
			case campaignbot.ButtonPrimary:
				btn = btn.WithStyle(slackgo.StylePrimary)
			case campaignbot.ButtonDanger:
				btn = btn.WithStyle(slackgo.StyleDanger)
			}
			elems = append(elems, btn)
		}
		blocks = append(blocks, slackgo.NewActionBlock(fmt.Sprintf("actions-%d", i/maxButtons), elems...))
	}
	return blocks
}

// messageOptions are the chat.* options of a message: blocks, a plain
// fallback text for notifications, the thread and the reminder metadata.
func messageOptions(m campaignbot.OutgoingMessage) []slackgo.MsgOption {
	opts := []slackgo.MsgOption{
		slackgo.MsgOptionText(truncate(m.Text, 4000), false),
		slackgo.MsgOptionBlocks(renderBlocks(m)...),
	}
	if m.ThreadID != "" {
		opts = append(opts, slackgo.MsgOptionTS(m.ThreadID))
	}
	if m.Key != "" {
		opts = append(opts, slackgo.MsgOptionMetadata(slackgo.SlackMetadata{
			EventType:    reminderEventType,
			EventPayload: map[string]any{"key": m.Key},
		}))
	}
	return opts
}

// actionID returns the button's ActionID from a Block Kit action_id.
func actionID(s string) string {
	if i := strings.LastIndex(s, actionIndexSep); i >= 0 {
		return s[:i]
	}
	return s
}

func mrkdwn(s string) *slackgo.TextBlockObject {
	return slackgo.NewTextBlockObject(slackgo.MarkdownType, s, false, false)
}

func plain(s string) *slackgo.TextBlockObject {
	if s == "" {
		s = " "
	}
	return slackgo.NewTextBlockObject(slackgo.PlainTextType, s, true, false)
}

// splitText cuts s into pieces of at most n bytes, at line breaks when it
// can, never inside a UTF-8 sequence.
func splitText(s string, n int) []string {
	var out []string
	for len(s) > n {
		cut := strings.LastIndexByte(s[:n], '\n')
		if cut <= 0 {
			cut = n
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
		}
		out = append(out, s[:cut])
		s = strings.TrimPrefix(s[cut:], "\n")
	}
	if strings.TrimSpace(s) != "" {
		out = append(out, s)
	}
	return out
}

// truncate shortens s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
