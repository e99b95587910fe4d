package campaignbot

import "testing"

// TestParseFolderPath: names that look alike are alike (every Unicode
// space is a space, runs of spaces are one), and names that would look
// like another (invisible format characters) are refused.
func TestParseFolderPath(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		code     string
	}{
		{"Double 11/Data", "Double 11/Data", ""},
		{" /Double 11/ Data /", "Double 11/Data", ""},
		{"Double\u00a011/Data", "Double 11/Data", ""}, // no-break space
		{"Double\u300011/Data", "Double 11/Data", ""}, // ideographic space
		{"Double   11/Data", "Double 11/Data", ""},    // runs of spaces
		{"双十一/数据", "双十一/数据", ""},
		{"Double 11/Data\u200b", "", EINVALID}, // zero-width space
		{"Double 11/\u200dData", "", EINVALID}, // zero-width joiner
		{"Double 11/\u202eataD", "", EINVALID}, // right-to-left override
		{"Double 11/\ufeffData", "", EINVALID}, // byte order mark
		{"Double 11/Da\nta", "", EINVALID},
		{"Double 11//Data", "", EINVALID},
		{"Double 11/../Data", "", EINVALID},
	} {
		got, err := ParseFolderPath(tt.in)
		if ErrorCode(err) != tt.code || (tt.code == "" && string(got) != tt.want) {
			t.Errorf("ParseFolderPath(%q) = %q, %v; want %q (code %q)", tt.in, got, err, tt.want, tt.code)
		}
	}
}

// TestSameChannel: an id names only the channel with that id; a name
// names the channel of that name, ignoring case and '#'.
func TestSameChannel(t *testing.T) {
	exec := Channel{ID: "G1EXEC", Name: "exec", Private: true}
	lookalike := Channel{ID: "C9PUB", Name: "g1exec"}
	console := Channel{ID: "double11-data", Name: "double11-data"}
	for _, tt := range []struct {
		ref  ChannelID
		ch   Channel
		want bool
	}{
		{"G1EXEC", exec, true},
		{"#exec", exec, true},
		{"EXEC", exec, true},
		{"G1EXEC", lookalike, false}, // a public channel named like the id
		{"g1exec", lookalike, true},
		{"double11-data", console, true},
		{"#Double11-Data", console, true},
		{"", exec, false},
	} {
		if got := SameChannel(tt.ref, tt.ch); got != tt.want {
			t.Errorf("SameChannel(%q, %+v) = %v, want %v", tt.ref, tt.ch, got, tt.want)
		}
	}
}
