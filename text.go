package campaignbot

import "fmt"

// Language is a language the bot replies in.
type Language string

// The supported languages; config key `language` picks one, and each
// person's Slack locale or own choice (`language ja`) picks theirs.
const (
	English            Language = "en"
	Chinese            Language = "zh-CN"
	TraditionalChinese Language = "zh-TW"
	Japanese           Language = "ja"
)

// Languages lists every supported language.
var Languages = []Language{English, Chinese, TraditionalChinese, Japanese}

// Valid reports whether l is a supported language.
func (l Language) Valid() bool {
	for _, s := range Languages {
		if l == s {
			return true
		}
	}
	return false
}

// Text is a user-facing message in every supported language. Every reply the
// bot sends is built from Texts so that no reply exists in one language only.
type Text struct {
	EN string
	ZH string
}

// Textf formats both languages of a Text with the same arguments.
func Textf(en, zh string, args ...any) Text {
	if len(args) == 0 {
		return Text{EN: en, ZH: zh}
	}
	return Text{EN: fmt.Sprintf(en, args...), ZH: fmt.Sprintf(zh, args...)}
}

// In returns the text in language l, falling back to English. Until the
// message catalogs carry them, Traditional Chinese reads the Simplified
// text and Japanese the English one.
func (t Text) In(l Language) string {
	if (l == Chinese || l == TraditionalChinese) && t.ZH != "" {
		return t.ZH
	}
	return t.EN
}

// IsZero reports whether the text is empty in every language.
func (t Text) IsZero() bool { return t.EN == "" && t.ZH == "" }

// Join concatenates texts language by language with sep between them.
func Join(sep string, texts ...Text) Text {
	var out Text
	for i, t := range texts {
		if i > 0 {
			out.EN += sep
			out.ZH += sep
		}
		out.EN += t.EN
		out.ZH += t.ZH
	}
	return out
}
