package slack

import (
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/campaignbot/campaignbot"
)

// A form opened from a shortcut, a button or a command answers its
// submission where it was opened: the adapter remembers the trigger's
// response_url and channel for a minute (a trigger_id is good for 3
// seconds), writes them into the modal's private_metadata when the form
// opens, and gives the submission a responder for them. The response_url
// works for 30 minutes even in channels the bot has not joined, and the
// metadata survives restarts and reaches whichever replica gets the
// submission.

// formOrigin is where a form was opened from.
type formOrigin struct {
	URL     string                `json:"url"`
	Channel campaignbot.ChannelID `json:"ch,omitempty"`
	expires time.Time
}

// formOrigins remembers the origin of recent triggers. The zero value is
// ready to use.
type formOrigins struct {
	mu    sync.Mutex
	byTID map[string]formOrigin
}

// triggerMemory is how long a trigger's origin is kept.
const triggerMemory = time.Minute

// remember records where the trigger came from.
func (o *formOrigins) remember(now time.Time, triggerID, responseURL string, channel campaignbot.ChannelID) {
	if triggerID == "" || responseURL == "" {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.byTID == nil {
		o.byTID = map[string]formOrigin{}
	}
	for k, v := range o.byTID {
		if !now.Before(v.expires) {
			delete(o.byTID, k)
		}
	}
	o.byTID[triggerID] = formOrigin{URL: responseURL, Channel: channel, expires: now.Add(triggerMemory)}
}

// of returns the origin of a trigger.
func (o *formOrigins) of(now time.Time, triggerID string) (formOrigin, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	v, ok := o.byTID[triggerID]
	return v, ok && now.Before(v.expires)
}

// metadataPrefix marks private_metadata that carries a form's origin.
const metadataPrefix = "campaignbot/form:"

// maxPrivateMetadata is Slack's limit on a view's private_metadata.
const maxPrivateMetadata = 3000

// formMetadata is the private_metadata of a form with an origin.
type formMetadata struct {
	Value  string     `json:"v"`
	Origin formOrigin `json:"o"`
}

// wrapMetadata returns the private_metadata of a form opened by
// triggerID: its value and, when known and it fits, its origin.
func (a *Adapter) wrapMetadata(triggerID, value string) string {
	origin, ok := a.origins.of(a.now(), triggerID)
	if !ok {
		return value
	}
	b, err := json.Marshal(formMetadata{Value: value, Origin: origin})
	if err != nil || len(metadataPrefix)+len(b) > maxPrivateMetadata {
		return value
	}
	return metadataPrefix + string(b)
}

// unwrapMetadata returns the form's value and its origin, if any.
func unwrapMetadata(metadata string) (string, *formOrigin) {
	raw, ok := strings.CutPrefix(metadata, metadataPrefix)
	if !ok {
		return metadata, nil
	}
	var m formMetadata
	if json.Unmarshal([]byte(raw), &m) != nil || m.Origin.URL == "" {
		return metadata, nil
	}
	return m.Value, &m.Origin
}
