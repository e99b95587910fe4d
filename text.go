package campaignbot

import (
	"fmt"
	"testing"
)

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
//
// A Text made with T or Tn names a message of the catalogs (package locale)
// and is written in a language by In. EN and ZH hold the English and
// Simplified Chinese of texts that come from data, such as holiday names;
// read every Text through In, never through its fields.
type Text struct {
	EN string
	ZH string
	// msg is the catalog message, if the text is one.
	msg *message
}

// message is a catalog message with its arguments, or a join of texts.
type message struct {
	id    string
	count any // the plural count; nil when the message counts nothing
	args  []any
	sep   string
	parts []Text
}

// Catalog holds the messages of every supported language.
type Catalog interface {
	// Message returns message id in language l, in the plural form for
	// count (nil when the message counts nothing), formatted with args,
	// which are already written in l.
	Message(l Language, id string, count any, args ...any) (string, error)
}

// catalog is the registered Catalog.
var catalog Catalog

// SetCatalog registers the catalogs T and Tn texts are resolved in; package
// locale calls it when linked.
func SetCatalog(c Catalog) { catalog = c }

// T returns catalog message id formatted with args; an argument that is a
// Text is written in the language asked for.
func T(id string, args ...any) Text { return newMessage(id, nil, args) }

// Tn returns catalog message id in the plural form for count (CLDR rules:
// English "one" and "other", Chinese and Japanese "other"), formatted with
// args; count is usually also one of args.
func Tn(id string, count any, args ...any) Text { return newMessage(id, count, args) }

func newMessage(id string, count any, args []any) Text {
	t := Text{msg: &message{id: id, count: count, args: args}}
	if catalog != nil {
		t.EN, t.ZH = t.msg.in(English), t.msg.in(Chinese)
	}
	return t
}

// in writes the message in language l. A message missing from the catalogs
// panics in tests and reads as its id otherwise.
func (m *message) in(l Language) string {
	if m.parts != nil {
		s := ""
		for i, p := range m.parts {
			if i > 0 {
				s += m.sep
			}
			s += p.In(l)
		}
		return s
	}
	if catalog == nil {
		if testing.Testing() {
			panic(fmt.Sprintf("campaignbot: message %q read before the catalogs are linked; import package locale", m.id))
		}
		return m.id
	}
	s, err := catalog.Message(l, m.id, m.count, argsIn(m.args, l)...)
	if err != nil {
		if testing.Testing() {
			panic(fmt.Sprintf("campaignbot: message %q in %s: %v", m.id, l, err))
		}
		return m.id
	}
	return s
}

// Textf formats both languages of a Text with the same arguments; an
// argument that is itself a Text is formatted in the language being written,
// so texts compose without reading their fields.
//
// Deprecated: texts live in the catalogs (use T); internal/catalogmigrate
// moves Textf pairs there.
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

// In returns the text in language l: a catalog message in l, and a text
// from data in English or, for Chinese, in Chinese when it has one.
func (t Text) In(l Language) string {
	if t.msg != nil {
		return t.msg.in(l)
	}
	if (l == Chinese || l == TraditionalChinese) && t.ZH != "" {
		return t.ZH
	}
	return t.EN
}

// IsZero reports whether the text is empty in every language.
func (t Text) IsZero() bool { return t.EN == "" && t.ZH == "" && t.msg == nil }

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
		if t.msg != nil && out.msg == nil {
			out.msg = &message{sep: sep, parts: append([]Text(nil), texts...)}
		}
	}
	return out
}
