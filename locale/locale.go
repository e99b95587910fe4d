// Package locale holds the bot's message catalogs: one TOML file per shipped
// language under locales/, embedded in the binary, with CLDR plural forms
// through go-i18n. Linking the package registers the catalogs with the
// campaignbot package, which resolves campaignbot.T and campaignbot.Tn texts
// through them; internal/catalogmigrate writes the files from the inline
// English/Chinese pairs of the sources.
package locale

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"sort"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"

	"github.com/campaignbot/campaignbot"
)

//go:embed locales/*.toml
var files embed.FS

// Shipped is the catalogs embedded in the binary.
var Shipped *Catalogs

func init() {
	c, err := Load(files)
	if err != nil {
		panic(fmt.Sprintf("locale: %v", err))
	}
	Shipped = c
	campaignbot.SetCatalog(c)
}

// Catalogs are the messages of every supported language.
type Catalogs struct {
	bundle     *i18n.Bundle
	localizers map[campaignbot.Language]*i18n.Localizer
	forms      map[campaignbot.Language]map[string]map[string]string
}

// pluralForms are the CLDR plural form names a catalog entry may have.
var pluralForms = map[string]bool{"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true}

// Load reads locales/LANG.toml from fsys for every supported language; each
// message is a table of CLDR plural forms ("one", "other") whose texts are
// fmt formats.
func Load(fsys fs.FS) (*Catalogs, error) {
	c := &Catalogs{
		bundle:     i18n.NewBundle(language.English),
		localizers: map[campaignbot.Language]*i18n.Localizer{},
		forms:      map[campaignbot.Language]map[string]map[string]string{},
	}
	for _, l := range campaignbot.Languages {
		path := "locales/" + string(l) + ".toml"
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, err
		}
		forms := map[string]map[string]string{}
		if err := toml.Unmarshal(b, &forms); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		tag := language.Make(string(l))
		msgs := make([]*i18n.Message, 0, len(forms))
		for id, f := range forms {
			for form := range f {
				if !pluralForms[form] {
					return nil, fmt.Errorf("%s: message %q: %q is not a CLDR plural form", path, id, form)
				}
			}
			msgs = append(msgs, &i18n.Message{ID: id, Zero: f["zero"], One: f["one"], Two: f["two"], Few: f["few"], Many: f["many"], Other: f["other"]})
		}
		if err := c.bundle.AddMessages(tag, msgs...); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		c.forms[l] = forms
		c.localizers[l] = i18n.NewLocalizer(c.bundle, string(l))
	}
	return c, nil
}

// verbatim is a go-i18n template parser that leaves texts as they are: the
// catalogs hold fmt formats, not templates.
type verbatim struct{}

func (verbatim) Parse(src, _, _ string) (template.ParsedTemplate, error) {
	return verbatimText(src), nil
}
func (verbatim) Cacheable() bool { return true }

type verbatimText string

func (t verbatimText) Execute(any) (string, error) { return string(t), nil }

// Form returns the text of message id in language l for count (nil for a
// message without a count), before formatting; a message missing in l
// falls back to English.
func (c *Catalogs) Form(l campaignbot.Language, id string, count any) (string, error) {
	count = pluralCount(count)
	loc := c.localizers[l]
	if loc == nil {
		loc = c.localizers[campaignbot.English]
	}
	s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateParser: verbatim{}})
	var notFound *i18n.MessageNotFoundErr
	if errors.As(err, &notFound) && s != "" {
		err = nil // the English fallback
	}
	if err != nil {
		return "", fmt.Errorf("locale: %w", err)
	}
	return s, nil
}

// pluralCount returns count as a type go-i18n counts with.
func pluralCount(count any) any {
	v := reflect.ValueOf(count)
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return int64(v.Uint())
	}
	return count
}

// Message implements campaignbot.Catalog: message id in language l, in the
// plural form for count, formatted with args.
func (c *Catalogs) Message(l campaignbot.Language, id string, count any, args ...any) (string, error) {
	s, err := c.Form(l, id, count)
	if err != nil {
		return "", err
	}
	if len(args) == 0 {
		return s, nil
	}
	return fmt.Sprintf(s, args...), nil
}

// IDs returns the ids of the English catalog, sorted.
func (c *Catalogs) IDs() []string { return c.IDsIn(campaignbot.English) }

// IDsIn returns the ids of the catalog of language l, sorted.
func (c *Catalogs) IDsIn(l campaignbot.Language) []string {
	ids := make([]string, 0, len(c.forms[l]))
	for id := range c.forms[l] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Forms returns the plural forms of message id in language l as written in
// its catalog file, or nil.
func (c *Catalogs) Forms(l campaignbot.Language, id string) map[string]string {
	return c.forms[l][id]
}
