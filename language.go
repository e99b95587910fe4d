package campaignbot

import (
	"context"
	"strings"
	"time"
)

// LanguageOfLocale maps a platform locale such as Slack's "ja-JP",
// "zh-TW" or "en-GB" to the supported language it reads; ok is false for
// a locale no supported language covers ("es-ES", ""), which then falls
// back. Chinese locales of Taiwan, Hong Kong and Macau and the Hant
// script read Traditional Chinese; other Chinese ones Simplified.
func LanguageOfLocale(locale string) (l Language, ok bool) {
	tag := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(locale), "_", "-"))
	base, rest, _ := strings.Cut(tag, "-")
	switch base {
	case "en":
		return English, true
	case "ja":
		return Japanese, true
	case "zh":
		for _, sub := range strings.Split(rest, "-") {
			switch sub {
			case "tw", "hk", "mo", "hant":
				return TraditionalChinese, true
			}
		}
		return Chinese, true
	}
	return "", false
}

// LanguageFor picks the language to write to a user in: their own choice
// (`language ja`) when they made one, else their platform locale when a
// supported language covers it, else fallback (the campaign's or the
// config's language).
func LanguageFor(choice Language, u User, fallback Language) Language {
	if choice.Valid() {
		return choice
	}
	if l, ok := LanguageOfLocale(u.Locale); ok {
		return l
	}
	return fallback
}

// LanguageChoices keeps the languages users chose for themselves, which
// override their platform locale.
type LanguageChoices interface {
	// UserLanguage returns the language the user chose, "" when they
	// chose none (or went back to auto).
	UserLanguage(ctx context.Context, ws WorkspaceID, id UserID) (Language, error)
	// SetUserLanguage records the user's choice as of at; "" forgets it,
	// so the platform locale counts again.
	SetUserLanguage(ctx context.Context, ws WorkspaceID, id UserID, l Language, at time.Time) error
}

// Name returns the language's own name for itself: "English", "简体中文",
// "繁體中文", "日本語"; the code for an unsupported one.
func (l Language) Name() string {
	switch l {
	case English:
		return "English"
	case Chinese:
		return "简体中文"
	case TraditionalChinese:
		return "繁體中文"
	case Japanese:
		return "日本語"
	}
	return string(l)
}

// ParseLanguage reads a language as people type it: a code, ignoring
// case and accepting '_' for '-' ("JA", "zh_tw"); the language's own name
// as the bot writes it ("日本語", "繁體中文", "English"); or a locale tag
// with a region or script, as Slack shows them ("ja-JP", "zh-HK",
// "zh-Hant"). ok is false for anything else, such as "jp" or a bare "zh".
func ParseLanguage(s string) (Language, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
	for _, l := range Languages {
		if strings.EqualFold(s, string(l)) || strings.EqualFold(s, l.Name()) {
			return l, true
		}
	}
	if isLocaleTag(s) {
		return LanguageOfLocale(s)
	}
	return "", false
}

// isLocaleTag reports whether s is a language subtag followed by one or
// more subtags ("ja-JP", "zh-Hant-TW"): ASCII letters and digits, 1 to 8
// of them each, at most 35 in all.
func isLocaleTag(s string) bool {
	parts := strings.Split(s, "-")
	if len(s) > 35 || len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if len(p) < 1 || len(p) > 8 {
			return false
		}
		for _, c := range p {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
				return false
			}
		}
	}
	return true
}
