package slackfake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// call posts a Web API call with the bot token and decodes the answer.
func call(t *testing.T, s *Server, method string, params url.Values) map[string]any {
	t.Helper()
	params.Set("token", BotToken)
	resp, err := http.Post(s.APIURL()+method, "application/x-www-form-urlencoded", strings.NewReader(params.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// pages follows next_cursor and returns the field of every page, joined,
// and the number of pages.
func pages(t *testing.T, s *Server, method, field, key string, params url.Values) ([]string, int) {
	t.Helper()
	var got []string
	for n := 1; ; n++ {
		out := call(t, s, method, params)
		if out["ok"] != true {
			t.Fatalf("%s: %v", method, out)
		}
		for _, item := range out[field].([]any) {
			if key == "" {
				got = append(got, item.(string))
			} else {
				got = append(got, item.(map[string]any)[key].(string))
			}
		}
		meta, _ := out["response_metadata"].(map[string]any) // usergroups.list has none
		next, _ := meta["next_cursor"].(string)
		if next == "" {
			return got, n
		}
		params.Set("cursor", next)
	}
}

func TestDirectoryLists(t *testing.T) {
	s := New(t)
	s.AddChannel(Channel{ID: "C1", Name: "general", Members: []string{"U1", "U2", "U3", "U4", "U5"}})
	s.AddChannel(Channel{ID: "C2", Name: "old", IsArchived: true})
	s.AddChannel(Channel{ID: "G1", Name: "war-room", IsPrivate: true, IsMember: true, Members: []string{"U1"}})
	s.AddChannel(Channel{ID: "G2", Name: "hidden", IsPrivate: true, Members: []string{"U1"}})
	s.AddChannel(Channel{ID: "D1", IsIM: true, IsMember: true})
	s.AddUserGroup(Group{ID: "S1", Handle: "design", Members: []string{"U1", "U2"}})
	s.SetPageSize(2)
	for _, tt := range []struct {
		name, method, field, key string
		params                   url.Values
		want                     []string
		wantPages                int
	}{
		{"public by default", "conversations.list", "channels", "id", url.Values{}, []string{"C1", "C2"}, 1},
		{"public and private, not archived", "conversations.list", "channels", "id",
			url.Values{"types": {"public_channel,private_channel"}, "exclude_archived": {"true"}}, []string{"C1", "G1"}, 1},
		{"everything", "conversations.list", "channels", "id", url.Values{"types": {"public_channel,private_channel,im"}}, []string{"C1", "C2", "D1", "G1"}, 2},
		{"members in pages", "conversations.members", "members", "", url.Values{"channel": {"C1"}, "limit": {"200"}}, []string{"U1", "U2", "U3", "U4", "U5"}, 3},
		{"members of a small page", "conversations.members", "members", "", url.Values{"channel": {"C1"}, "limit": {"1"}}, []string{"U1", "U2", "U3", "U4", "U5"}, 5},
		{"group handles", "usergroups.list", "usergroups", "handle", url.Values{}, []string{"design"}, 1},
	} {
		got, n := pages(t, s, tt.method, tt.field, tt.key, tt.params)
		if !slices.Equal(got, tt.want) || n != tt.wantPages {
			t.Errorf("%s: %v in %d pages, want %v in %d", tt.name, got, n, tt.want, tt.wantPages)
		}
	}
	for _, tt := range []struct {
		method string
		params url.Values
		want   string
	}{
		{"conversations.members", url.Values{"channel": {"G2"}}, "channel_not_found"},
		{"conversations.members", url.Values{"channel": {"C9"}}, "channel_not_found"},
		{"conversations.members", url.Values{"channel": {"C1"}, "cursor": {"bogus"}}, "invalid_cursor"},
		{"conversations.info", url.Values{"channel": {"G2"}}, "channel_not_found"},
		{"conversations.list", url.Values{"types": {"nonsense"}}, "invalid_types"},
	} {
		if out := call(t, s, tt.method, tt.params); out["ok"] != false || out["error"] != tt.want {
			t.Errorf("%s %v: %v, want %s", tt.method, tt.params, out, tt.want)
		}
	}
}
