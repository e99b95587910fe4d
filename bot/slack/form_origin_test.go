package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot/bot"
)

func TestFormOriginTravelsInPrivateMetadata(t *testing.T) {
	clock := newFakeClock()
	a := &Adapter{now: clock.Now}
	a.origins.remember(clock.Now(), "T1", "https://hooks.slack.com/actions/T0/1/abc", "C0PROMO")
	a.origins.remember(clock.Now(), "T2", "", "C0PROMO") // no response_url: nothing to remember
	for _, tt := range []struct {
		name, trigger, value string
		after                time.Duration
		origin               bool
	}{
		{"known trigger", "T1", `{"files":[1]}`, 0, true},
		{"unknown trigger", "T9", `{"files":[1]}`, 0, false},
		{"no response_url", "T2", `{"files":[1]}`, 0, false},
		{"too long to carry both", "T1", strings.Repeat("x", maxPrivateMetadata), 0, false},
		{"trigger forgotten after a minute", "T1", "v", 2 * time.Minute, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			at := clock.Now().Add(tt.after)
			a.now = func() time.Time { return at }
			md := a.wrapMetadata(tt.trigger, tt.value)
			if len(md) > maxPrivateMetadata && tt.origin {
				t.Fatalf("metadata of %d characters", len(md))
			}
			value, origin := unwrapMetadata(md)
			if value != tt.value || (origin != nil) != tt.origin {
				t.Errorf("unwrapped %q, %+v", value, origin)
			}
			if origin != nil && (origin.URL != "https://hooks.slack.com/actions/T0/1/abc" || origin.Channel != "C0PROMO") {
				t.Errorf("origin %+v", origin)
			}
		})
	}
	if v, o := unwrapMetadata(metadataPrefix + "{broken"); o != nil || v != metadataPrefix+"{broken" {
		t.Errorf("malformed metadata unwrapped to %q, %+v", v, o)
	}
}

func TestSelectOptionsKeepSlackLimits(t *testing.T) {
	var opts []bot.FormOption
	opts = append(opts, bot.FormOption{Value: strings.Repeat("v", 151), Label: "too long a value"}, bot.FormOption{Value: "", Label: "no value"})
	for i := range 120 {
		opts = append(opts, bot.FormOption{Value: strings.Repeat("值", 150), Label: strings.Repeat("字", 80+i)})
	}
	got := selectOptions(opts)
	if len(got) != maxOptions {
		t.Fatalf("%d options", len(got))
	}
	for _, o := range got {
		if utf8.RuneCountInString(o.Value) > maxOptionValue || utf8.RuneCountInString(o.Text.Text) > maxOptionText {
			t.Errorf("option over the limits: %d, %d characters", utf8.RuneCountInString(o.Value), utf8.RuneCountInString(o.Text.Text))
		}
	}
	b, err := json.Marshal(modalView(bot.Form{ID: "kb.save", Fields: []bot.FormField{{ID: "folder", Kind: bot.FieldSelect, Search: true, Options: opts[2:], Initial: opts[2].Value}}}, "en"))
	if err != nil {
		t.Fatal(err)
	}
	view := string(b)
	if !strings.Contains(view, `"type":"external_select"`) || !strings.Contains(view, `"min_query_length":0`) ||
		!strings.Contains(view, `"initial_option"`) || strings.Contains(view, `"options"`) {
		t.Errorf("a searchable select renders as %s", view)
	}
}
