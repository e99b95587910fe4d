package campaignbot

import "testing"

// TestLanguageOfLocale: Slack locales map to the supported language they
// read, and others fall back.
func TestLanguageOfLocale(t *testing.T) {
	tests := []struct {
		locale string
		want   Language
		ok     bool
	}{
		{"en-US", English, true},
		{"en-GB", English, true},
		{"zh-CN", Chinese, true},
		{"zh-TW", TraditionalChinese, true},
		{"zh-HK", TraditionalChinese, true},
		{"zh-Hant-TW", TraditionalChinese, true},
		{"zh_TW", TraditionalChinese, true},
		{"ja-JP", Japanese, true},
		{"ja", Japanese, true},
		{"es-ES", "", false},
		{"fr-FR", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := LanguageOfLocale(tt.locale)
		if got != tt.want || ok != tt.ok {
			t.Errorf("LanguageOfLocale(%q) = %q, %v; want %q, %v", tt.locale, got, ok, tt.want, tt.ok)
		}
	}
}

// TestLanguageFor: a user's own choice beats their locale, which beats the
// fallback; an unsupported locale falls back.
func TestLanguageFor(t *testing.T) {
	tests := []struct {
		name     string
		choice   Language
		locale   string
		fallback Language
		want     Language
	}{
		{"choice wins", Japanese, "zh-CN", English, Japanese},
		{"locale", "", "zh-TW", English, TraditionalChinese},
		{"unsupported locale", "", "es-ES", Chinese, Chinese},
		{"nothing known", "", "", Chinese, Chinese},
		{"invalid stored choice ignored", "fr", "ja-JP", English, Japanese},
	}
	for _, tt := range tests {
		if got := LanguageFor(tt.choice, User{Locale: tt.locale}, tt.fallback); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestTextFallsBack: until catalogs carry them, Traditional Chinese reads
// the Simplified text and Japanese the English one.
func TestTextFallsBack(t *testing.T) {
	x := Text{EN: "Done", ZH: "完成"}
	for l, want := range map[Language]string{English: "Done", Chinese: "完成", TraditionalChinese: "完成", Japanese: "Done"} {
		if got := x.In(l); got != want {
			t.Errorf("In(%s) = %q, want %q", l, got, want)
		}
	}
}
