package slackfake

import (
	"encoding/json"
	"unicode/utf8"
)

// Block Kit limits of messages, which Slack enforces on chat.postMessage,
// chat.postEphemeral, chat.update and response_url posts: over any of
// them the whole post fails with invalid_blocks.
const (
	maxMessageBlocks = 50
	maxSectionText   = 3000
	maxActionButtons = 25
	maxButtonValue   = 2000
)

// checkMessageBlocks says why Slack would refuse a message's blocks
// (as JSON, "" for none), or "".
func checkMessageBlocks(raw string) string {
	if raw == "" {
		return ""
	}
	var blocks []any
	if err := json.Unmarshal([]byte(raw), &blocks); err != nil {
		return "invalid_blocks_format"
	}
	return checkBlockList(blocks)
}

// checkBlockList checks decoded message blocks.
func checkBlockList(blocks []any) string {
	if len(blocks) > maxMessageBlocks {
		return "invalid_blocks"
	}
	for _, b := range blocks {
		block, _ := b.(map[string]any)
		if text, ok := block["text"].(map[string]any); ok {
			if s, _ := text["text"].(string); utf8.RuneCountInString(s) > maxSectionText {
				return "invalid_blocks"
			}
		}
		elems, _ := block["elements"].([]any)
		if block["type"] == "actions" && len(elems) > maxActionButtons {
			return "invalid_blocks"
		}
		for _, e := range elems {
			elem, _ := e.(map[string]any)
			if v, _ := elem["value"].(string); utf8.RuneCountInString(v) > maxButtonValue {
				return "invalid_blocks"
			}
		}
	}
	return ""
}
