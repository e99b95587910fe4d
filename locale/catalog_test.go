package locale_test

import (
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/locale"
)

// catalogs loads the catalog files from disk, as they are embedded.
func catalogs(t *testing.T) *locale.Catalogs {
	t.Helper()
	c, err := locale.Load(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCatalogsComplete: every message of the English catalog has a text in
// every shipped language, and no catalog has a message English lacks.
func TestCatalogsComplete(t *testing.T) {
	c := catalogs(t)
	ids := c.IDs()
	if len(ids) < 100 {
		t.Fatalf("the English catalog has only %d messages", len(ids))
	}
	known := map[string]bool{}
	for _, id := range ids {
		known[id] = true
	}
	for _, l := range campaignbot.Languages {
		var missing []string
		for _, id := range ids {
			if strings.TrimSpace(c.Forms(l, id)["other"]) == "" {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s lacks %d translations (add them to locale/locales/%s.toml or to the translation memory and rerun catalogmigrate):\n%s",
				l, len(missing), l, strings.Join(missing, "\n"))
		}
	}
	for _, l := range campaignbot.Languages[1:] {
		for _, id := range c.IDsIn(l) {
			if !known[id] {
				t.Errorf("%s has message %q, which English has not", l, id)
			}
		}
	}
}

// verbArgs returns the fmt verb class of each argument a format uses,
// numbering arguments as fmt does (%[2]s reorders).
func verbArgs(format string) map[int]byte {
	out := map[int]byte{}
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		if i < len(format) && format[i] == '%' {
			continue
		}
		index := func() {
			if i < len(format) && format[i] == '[' {
				if j := strings.IndexByte(format[i:], ']'); j > 0 {
					n := 0
					for _, c := range format[i+1 : i+j] {
						n = n*10 + int(c-'0')
					}
					arg, i = n-1, i+j+1
				}
			}
		}
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		index()
		for i < len(format) && (format[i] >= '0' && format[i] <= '9' || format[i] == '.') {
			i++
		}
		index()
		if i >= len(format) {
			break
		}
		out[arg] = verbClass(format[i])
		arg++
	}
	return out
}

// verbClass groups verbs that format the same kinds of argument.
func verbClass(v byte) byte {
	switch v {
	case 's', 'q', 'v':
		return 's'
	case 'd', 'x', 'X', 'o', 'b', 'c', 'U':
		return 'd'
	case 'e', 'E', 'f', 'F', 'g', 'G':
		return 'f'
	}
	return v
}

// TestVerbsMatchEnglish: every translation formats the arguments the
// English or the Simplified Chinese formats, with verbs of the same kind,
// in any order (%[2]s).
func TestVerbsMatchEnglish(t *testing.T) {
	c := catalogs(t)
	for _, id := range c.IDs() {
		en := verbArgs(c.Forms(campaignbot.English, id)["other"])
		zh := verbArgs(c.Forms(campaignbot.Chinese, id)["other"])
		for _, l := range campaignbot.Languages {
			for form, text := range c.Forms(l, id) {
				got := verbArgs(text)
				if !reflect.DeepEqual(got, en) && !reflect.DeepEqual(got, zh) {
					t.Errorf("%s %s (%s): %q formats arguments %v; English formats %v", id, l, form, text, got, en)
				}
			}
		}
	}
}

// TestPluralsFollowCLDR: counted messages have English "one" and "other"
// and only "other" in Chinese and Japanese, and go-i18n picks the form by
// the CLDR rules of each language.
func TestPluralsFollowCLDR(t *testing.T) {
	c := catalogs(t)
	counted := 0
	for _, id := range c.IDs() {
		en := c.Forms(campaignbot.English, id)
		if _, ok := en["one"]; !ok {
			if len(en) != 1 {
				t.Errorf("%s: English has forms %v without one", id, keys(en))
			}
			continue
		}
		counted++
		if got := keys(en); !reflect.DeepEqual(got, []string{"one", "other"}) {
			t.Errorf("%s: English has forms %v, want one, other", id, got)
		}
		for _, l := range []campaignbot.Language{campaignbot.Chinese, campaignbot.TraditionalChinese, campaignbot.Japanese} {
			if got := keys(c.Forms(l, id)); got != nil && !reflect.DeepEqual(got, []string{"other"}) { // a missing one fails TestCatalogsComplete
				t.Errorf("%s: %s has forms %v, want other only", id, l, got)
			}
		}
		for _, tt := range []struct {
			l     campaignbot.Language
			count any
			form  string
		}{
			{campaignbot.English, 1, "one"}, {campaignbot.English, 0, "other"}, {campaignbot.English, 2, "other"}, {campaignbot.English, uint(21), "other"},
			{campaignbot.Chinese, 1, "other"}, {campaignbot.TraditionalChinese, 1, "other"}, {campaignbot.Japanese, 1, "other"},
		} {
			if c.Forms(tt.l, id) == nil {
				continue
			}
			got, err := c.Form(tt.l, id, tt.count)
			if want := c.Forms(tt.l, id)[tt.form]; err != nil || got != want {
				t.Errorf("%s in %s for %v = %q, %v; want the %s form %q", id, tt.l, tt.count, got, err, tt.form, want)
			}
		}
	}
	if counted == 0 {
		t.Error("no counted message in the catalogs")
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestUnknownIDFails: a message id the catalogs lack is an error, never a
// silent empty text.
func TestUnknownIDFails(t *testing.T) {
	if _, err := catalogs(t).Message(campaignbot.Japanese, "no.such-message", nil); err == nil {
		t.Error("an unknown id gave no error")
	}
}
