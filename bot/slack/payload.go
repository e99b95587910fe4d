package slack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"
)

// The wire formats the adapter reads, with Slack's field names. Only the
// fields the bot uses are listed.

// eventEnvelope is an Events API request body (HTTP) or Socket Mode
// events_api payload.
type eventEnvelope struct {
	Type      string          `json:"type"`
	Challenge string          `json:"challenge"`
	TeamID    string          `json:"team_id"`
	APIAppID  string          `json:"api_app_id"`
	EventID   string          `json:"event_id"`
	EventTime int64           `json:"event_time"`
	Event     json.RawMessage `json:"event"`
}

// innerEvent is the "event" of an event_callback.
type innerEvent struct {
	Type        string      `json:"type"`
	Subtype     string      `json:"subtype"`
	User        string      `json:"user"`
	BotID       string      `json:"bot_id"`
	Text        string      `json:"text"`
	Channel     string      `json:"channel"`
	ChannelType string      `json:"channel_type"`
	TS          string      `json:"ts"`
	ThreadTS    string      `json:"thread_ts"`
	EventTS     string      `json:"event_ts"`
	Team        string      `json:"team"`
	Files       []slackFile `json:"files"`
	Hidden      bool        `json:"hidden"`
	// Tab is set by app_home_opened ("home" or "messages").
	Tab string `json:"tab"`
	// FileID, UserID and ChannelID are set by file_shared.
	FileID    string `json:"file_id"`
	UserID    string `json:"user_id"`
	ChannelID string `json:"channel_id"`
	// Profile is the user object of user_change and team_join, whose
	// "user" is the whole user rather than an id; User is then its id.
	Profile *slackgo.User `json:"-"`
	// Renamed is the channel of channel_rename, whose "channel" is an
	// object.
	Renamed *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"-"`
}

// UnmarshalJSON reads an event whose "user" (or "channel") is an id, as
// in messages, or an object, as in user_change, team_join and
// channel_rename.
func (e *innerEvent) UnmarshalJSON(b []byte) error {
	type plain innerEvent
	var raw struct {
		plain
		User    json.RawMessage `json:"user"`
		Channel json.RawMessage `json:"channel"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*e = innerEvent(raw.plain)
	if err := idOrObject(raw.User, &e.User, &e.Profile); err != nil {
		return fmt.Errorf("user: %w", err)
	}
	if err := idOrObject(raw.Channel, &e.Channel, &e.Renamed); err != nil {
		return fmt.Errorf("channel: %w", err)
	}
	if e.Profile != nil {
		e.User = e.Profile.ID
	}
	if e.Renamed != nil {
		e.Channel = e.Renamed.ID
	}
	return nil
}

// idOrObject decodes raw into id when it is a string and into obj when it
// is an object; null and absence leave both alone.
func idOrObject[T any](raw json.RawMessage, id *string, obj **T) error {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return nil
	case raw[0] == '"':
		return json.Unmarshal(raw, id)
	case raw[0] == '{':
		*obj = new(T)
		return json.Unmarshal(raw, *obj)
	}
	return fmt.Errorf("want a string or an object, got %.20s", raw)
}

// slackFile is a file object as events and files.info carry it.
type slackFile struct {
	ID                 string `json:"id"`
	Name               string `json:"name"`
	Title              string `json:"title"`
	Mimetype           string `json:"mimetype"`
	Size               int64  `json:"size"`
	Mode               string `json:"mode"`
	FileAccess         string `json:"file_access"`
	URLPrivateDownload string `json:"url_private_download"`
}

// slashCommand is a slash command: form fields over HTTP, JSON in Socket
// Mode.
type slashCommand struct {
	Command     string `json:"command"`
	Text        string `json:"text"`
	TeamID      string `json:"team_id"`
	ChannelID   string `json:"channel_id"`
	ChannelName string `json:"channel_name"`
	UserID      string `json:"user_id"`
	UserName    string `json:"user_name"`
	ResponseURL string `json:"response_url"`
	TriggerID   string `json:"trigger_id"`
	APIAppID    string `json:"api_app_id"`
}

// interaction is an interactivity payload: block_actions, message_action
// (message shortcuts), shortcut, view_submission, view_closed or
// block_suggestion.
type interaction struct {
	Type string `json:"type"`
	Team struct {
		ID string `json:"id"`
	} `json:"team"`
	User struct {
		ID       string `json:"id"`
		Username string `json:"username"`
		Name     string `json:"name"`
		TeamID   string `json:"team_id"`
	} `json:"user"`
	Channel struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"channel"`
	Container struct {
		Type      string `json:"type"`
		MessageTS string `json:"message_ts"`
		ChannelID string `json:"channel_id"`
		ViewID    string `json:"view_id"`
	} `json:"container"`
	TriggerID   string       `json:"trigger_id"`
	ResponseURL string       `json:"response_url"`
	CallbackID  string       `json:"callback_id"`
	ActionTS    string       `json:"action_ts"`
	MessageTS   string       `json:"message_ts"`
	Message     *innerEvent  `json:"message"`
	Actions     []action     `json:"actions"`
	View        *viewPayload `json:"view"`
	// ActionID, BlockID and Value are set by block_suggestion: the
	// external select and what the user typed into it.
	ActionID string `json:"action_id"`
	BlockID  string `json:"block_id"`
	Value    string `json:"value"`
}

// action is one element of block_actions.
type action struct {
	ActionID       string `json:"action_id"`
	BlockID        string `json:"block_id"`
	Type           string `json:"type"`
	Value          string `json:"value"`
	URL            string `json:"url"`
	ActionTS       string `json:"action_ts"`
	SelectedOption *struct {
		Value string `json:"value"`
	} `json:"selected_option"`
}

// viewPayload is the view of a view_submission.
type viewPayload struct {
	ID              string `json:"id"`
	Type            string `json:"type"`
	CallbackID      string `json:"callback_id"`
	PrivateMetadata string `json:"private_metadata"`
	Blocks          []struct {
		BlockID string `json:"block_id"`
	} `json:"blocks"`
	State struct {
		Values map[string]map[string]stateValue `json:"values"`
	} `json:"state"`
}

// stateValue is one input's value in view.state.values.
type stateValue struct {
	Type           string `json:"type"`
	Value          string `json:"value"`
	SelectedOption *struct {
		Value string `json:"value"`
	} `json:"selected_option"`
}

// errMalformed marks payloads the adapter cannot read.
var errMalformed = errors.New("malformed Slack payload")

// parseEnvelope reads an Events API body.
func parseEnvelope(body []byte) (*eventEnvelope, *innerEvent, error) {
	var env eventEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errMalformed, err)
	}
	switch env.Type {
	case "url_verification":
		return &env, nil, nil
	case "event_callback":
	default:
		return &env, nil, fmt.Errorf("%w: unexpected type %q", errMalformed, env.Type)
	}
	var ev innerEvent
	if err := json.Unmarshal(env.Event, &ev); err != nil {
		return nil, nil, fmt.Errorf("%w: event: %v", errMalformed, err)
	}
	return &env, &ev, nil
}

// parseSlashForm reads a slash command from its form body.
func parseSlashForm(body []byte) (*slashCommand, error) {
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformed, err)
	}
	c := &slashCommand{
		Command: v.Get("command"), Text: v.Get("text"), TeamID: v.Get("team_id"),
		ChannelID: v.Get("channel_id"), ChannelName: v.Get("channel_name"),
		UserID: v.Get("user_id"), UserName: v.Get("user_name"),
		ResponseURL: v.Get("response_url"), TriggerID: v.Get("trigger_id"), APIAppID: v.Get("api_app_id"),
	}
	return c, c.check()
}

// parseSlashJSON reads a slash command from a Socket Mode payload.
func parseSlashJSON(raw []byte) (*slashCommand, error) {
	var c slashCommand
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformed, err)
	}
	return &c, c.check()
}

func (c *slashCommand) check() error {
	if !strings.HasPrefix(c.Command, "/") || c.UserID == "" {
		return fmt.Errorf("%w: slash command without command or user_id", errMalformed)
	}
	return nil
}

// parseInteractionForm reads an interactivity request body, whose JSON is
// in the form field "payload".
func parseInteractionForm(body []byte) (*interaction, error) {
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformed, err)
	}
	return parseInteractionJSON([]byte(v.Get("payload")))
}

// parseInteractionJSON reads an interactivity payload.
func parseInteractionJSON(raw []byte) (*interaction, error) {
	var p interaction
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformed, err)
	}
	if p.Type == "" || p.User.ID == "" {
		return nil, fmt.Errorf("%w: interaction without type or user", errMalformed)
	}
	return &p, nil
}

// formValues flattens view.state.values into field id -> value.
func (v *viewPayload) formValues() map[string]string {
	out := map[string]string{}
	for _, actions := range v.State.Values {
		for id, sv := range actions {
			switch {
			case sv.SelectedOption != nil:
				out[id] = sv.SelectedOption.Value
			default:
				out[id] = sv.Value
			}
		}
	}
	return out
}

// parseTS turns a Slack timestamp "1700000000.000100" into a time; zero
// when it is not one.
func parseTS(ts string) time.Time {
	sec, frac, _ := strings.Cut(ts, ".")
	s, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || s < 0 {
		return time.Time{}
	}
	var us int64
	if frac != "" {
		if len(frac) > 6 {
			frac = frac[:6]
		}
		frac += strings.Repeat("0", 6-len(frac))
		us, _ = strconv.ParseInt(frac, 10, 64)
	}
	return time.Unix(s, us*1000).UTC()
}
