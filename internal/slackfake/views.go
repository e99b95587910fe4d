package slackfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// Block Kit limits of views and of select menus' options, which Slack
// enforces: views.open and views.publish fail with invalid_arguments, and
// an options response over them shows the user nothing.
const (
	maxViewBlocks    = 100
	maxSelectOptions = 100
	maxOptionValue   = 150
	maxOptionText    = 75
)

// Option is a select menu's option as a view_submission carries it.
type Option struct {
	Value string
	Text  string
}

// checkView says why Slack would refuse view, or "": too many blocks, a
// static select with no options or more than 100, an external select
// listing options, an option over Slack's limits.
func checkView(view map[string]any) string {
	blocks, _ := view["blocks"].([]any)
	if len(blocks) > maxViewBlocks {
		return "invalid_arguments"
	}
	for _, b := range blocks {
		block, _ := b.(map[string]any)
		elem, _ := block["element"].(map[string]any)
		opts, _ := elem["options"].([]any)
		switch elem["type"] {
		case "static_select":
			if len(opts) == 0 || len(opts) > maxSelectOptions {
				return "invalid_arguments"
			}
		case "external_select":
			if _, listed := elem["options"]; listed {
				return "invalid_arguments"
			}
		}
		if initial, ok := elem["initial_option"].(map[string]any); ok {
			opts = append(opts, initial)
		}
		for _, o := range opts {
			if optionProblem(o) != nil {
				return "invalid_arguments"
			}
		}
	}
	return ""
}

// optionProblem says what is wrong with an option object, or nil.
func optionProblem(o any) error {
	opt, _ := o.(map[string]any)
	value, _ := opt["value"].(string)
	text, _ := opt["text"].(map[string]any)
	label, _ := text["text"].(string)
	switch {
	case value == "" || utf8.RuneCountInString(value) > maxOptionValue:
		return fmt.Errorf("option value %q: want 1 to %d characters", value, maxOptionValue)
	case text["type"] != "plain_text":
		return fmt.Errorf("option %q: text must be plain_text", value)
	case label == "" || utf8.RuneCountInString(label) > maxOptionText:
		return fmt.Errorf("option text %q: want 1 to %d characters", label, maxOptionText)
	}
	return nil
}

// rememberView keeps an opened view, for the payloads built from it.
func (s *Server) rememberView(view map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.views = append(s.views, view)
	s.notifyLocked()
}

// Views returns the views opened with views.open, oldest first, each with
// the id Slack gave it.
func (s *Server) Views() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.views...)
}

// view returns the opened view with the given id.
func (s *Server) view(id string) (map[string]any, error) {
	for _, v := range s.Views() {
		if v["id"] == id {
			return v, nil
		}
	}
	return nil, fmt.Errorf("slackfake: no view %s was opened", id)
}

// viewPayload is view as interaction payloads carry it, with state.
func viewPayload(view map[string]any, values map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range view {
		out[k] = v
	}
	out["type"] = "modal"
	out["state"] = map[string]any{"values": values}
	out["hash"] = "156772938.1827394"
	out["app_id"] = AppID
	out["bot_id"] = BotID
	return out
}

// interaction is the common part of the interactivity payloads of user.
func interaction(typ, user string) map[string]any {
	return map[string]any{
		"type":       typ,
		"team":       map[string]any{"id": TeamID, "domain": "fake"},
		"user":       map[string]any{"id": user, "username": user, "name": user, "team_id": TeamID},
		"api_app_id": AppID,
		"token":      "W3VDvuzi2nRLsiaDOsmJranO",
	}
}

// BlockSuggestion returns the block_suggestion payload Slack sends when
// user types query into the external select actionID of the opened view
// viewID. The app must answer within 3 seconds with options that
// CheckOptions accepts.
func (s *Server) BlockSuggestion(viewID, user, actionID, query string) (map[string]any, error) {
	view, err := s.view(viewID)
	if err != nil {
		return nil, err
	}
	blockID, ok := blockOf(view, actionID, "external_select")
	if !ok {
		return nil, fmt.Errorf("slackfake: view %s has no external_select %q", viewID, actionID)
	}
	p := interaction("block_suggestion", user)
	p["container"] = map[string]any{"type": "view", "view_id": viewID}
	p["block_id"] = blockID
	p["action_id"] = actionID
	p["value"] = query
	p["view"] = viewPayload(view, map[string]any{})
	return p, nil
}

// ViewSubmission returns the view_submission payload of user submitting
// the opened view viewID: values maps action ids to a string for text
// inputs or an Option for selects.
func (s *Server) ViewSubmission(viewID, user string, values map[string]any) (map[string]any, error) {
	view, err := s.view(viewID)
	if err != nil {
		return nil, err
	}
	state := map[string]any{}
	for actionID, v := range values {
		blockID, ok := blockOf(view, actionID, "")
		if !ok {
			return nil, fmt.Errorf("slackfake: view %s has no input %q", viewID, actionID)
		}
		kind := elementType(view, actionID)
		switch v := v.(type) {
		case Option:
			state[blockID] = map[string]any{actionID: map[string]any{"type": kind,
				"selected_option": map[string]any{"text": map[string]any{"type": "plain_text", "text": v.Text}, "value": v.Value}}}
		case string:
			state[blockID] = map[string]any{actionID: map[string]any{"type": kind, "value": v}}
		}
	}
	p := interaction("view_submission", user)
	p["trigger_id"] = "12466734323.1395872398.bc0d2a6b4f0b8d3c8f1b4f8e2a3a1f00"
	p["view"] = viewPayload(view, state)
	p["response_urls"] = []any{}
	return p, nil
}

// blockOf finds the block holding the element actionID (of type kind, or
// any) in view.
func blockOf(view map[string]any, actionID, kind string) (string, bool) {
	blocks, _ := view["blocks"].([]any)
	for _, b := range blocks {
		block, _ := b.(map[string]any)
		elem, _ := block["element"].(map[string]any)
		if elem["action_id"] == actionID && (kind == "" || elem["type"] == kind) {
			id, _ := block["block_id"].(string)
			return id, true
		}
	}
	return "", false
}

// elementType is the type of the element actionID in view.
func elementType(view map[string]any, actionID string) string {
	blocks, _ := view["blocks"].([]any)
	for _, b := range blocks {
		block, _ := b.(map[string]any)
		if elem, _ := block["element"].(map[string]any); elem["action_id"] == actionID {
			kind, _ := elem["type"].(string)
			return kind
		}
	}
	return ""
}

// CheckOptions says why Slack would not show an app's answer to a
// block_suggestion: not JSON, neither options nor option_groups, more
// than 100 options, or an option over Slack's limits. It returns the
// options.
func CheckOptions(body []byte) ([]Option, error) {
	var resp struct {
		Options []any `json:"options"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("slackfake: options response: %w", err)
	}
	if resp.Options == nil {
		return nil, errors.New("slackfake: options response has no options array")
	}
	if len(resp.Options) > maxSelectOptions {
		return nil, fmt.Errorf("slackfake: %d options, at most %d", len(resp.Options), maxSelectOptions)
	}
	var out []Option
	for _, o := range resp.Options {
		if err := optionProblem(o); err != nil {
			return nil, fmt.Errorf("slackfake: %w", err)
		}
		opt := o.(map[string]any)
		out = append(out, Option{Value: opt["value"].(string), Text: opt["text"].(map[string]any)["text"].(string)})
	}
	return out, nil
}
