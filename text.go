package campaignbot

import "fmt"

// Language is a language the bot replies in.
type Language string

// The supported languages; config key `language` picks one.
const (
	English Language = "en"
	Chinese Language = "zh-CN"
)

// Languages lists every supported language.
var Languages = []Language{English, Chinese}

// Valid reports whether l is a supported language.
func (l Language) Valid() bool { return l == English || l == Chinese }

// Text is a user-facing message in every supported language. Every reply the
// bot sends is built from Texts so that no reply exists in one language only.
type Text struct {
	EN string
	ZH string
}

// Textf formats both languages of a Text with the same arguments; an
// argument that is itself a Text is formatted in the language being written,
// so texts compose without reading their fields.
func Textf(en, zh string, args ...any) Text {
	if len(args) == 0 {
		return Text{EN: en, ZH: zh}
	}
	return Text{EN: fmt.Sprintf(en, argsIn(args, English)...), ZH: fmt.Sprintf(zh, argsIn(args, Chinese)...)}
}

// argsIn returns args with every Text among them written in language l.
func argsIn(args []any, l Language) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(Text); ok {
			a = t.In(l)
		}
		out[i] = a
	}
	return out
}

// In returns the text in language l, falling back to English.
func (t Text) In(l Language) string {
	if l == Chinese && t.ZH != "" {
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
