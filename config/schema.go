package config

import (
	"reflect"
	"sort"
	"strings"
)

// The raw* types mirror the YAML file. Every leaf is a string (or a list of
// strings) so that viper can decode anything the file holds; the validator
// then converts each value into the typed Config, reporting problems with
// their position. The mapstructure tags name the YAML keys, and the schema
// the file is checked against is derived from these types, so the two can
// never disagree. A `cfg:"secret"` tag marks a credential that must not be
// written in the file; `cfg:"or-scalar"` marks a mapping that may be
// written as a single value instead.
type rawConfig struct {
	Timezone      string        `mapstructure:"timezone"`
	Language      string        `mapstructure:"language"`
	Admins        []string      `mapstructure:"admins"`
	QuietHours    []string      `mapstructure:"quiet_hours"`
	Slack         rawSlack      `mapstructure:"slack"`
	HTTP          rawHTTP       `mapstructure:"http"`
	Storage       rawStorage    `mapstructure:"storage"`
	KnowledgeBase rawKB         `mapstructure:"knowledge_base"`
	Calendar      rawCalendar   `mapstructure:"calendar"`
	Todos         rawTodos      `mapstructure:"todos"`
	Scheduler     rawScheduler  `mapstructure:"scheduler"`
	Campaigns     []rawCampaign `mapstructure:"campaigns"`
	Jobs          []rawJob      `mapstructure:"jobs"`
	Console       rawConsole    `mapstructure:"console"`
	Log           rawLog        `mapstructure:"log"`
	Charts        rawCharts     `mapstructure:"charts"`
}

type rawCharts struct {
	Font string `mapstructure:"font"`
}

type rawSlack struct {
	Mode              string      `mapstructure:"mode"`
	APIURL            string      `mapstructure:"api_url"`
	BotToken          string      `mapstructure:"bot_token" cfg:"secret"`
	BotTokenFile      string      `mapstructure:"bot_token_file"`
	AppToken          string      `mapstructure:"app_token" cfg:"secret"`
	AppTokenFile      string      `mapstructure:"app_token_file"`
	SigningSecret     string      `mapstructure:"signing_secret" cfg:"secret"`
	SigningSecretFile string      `mapstructure:"signing_secret_file"`
	Commands          rawCommands `mapstructure:"commands"`
	PostsPerMinute    string      `mapstructure:"posts_per_minute"`
}

type rawCommands struct {
	Todo     string `mapstructure:"todo"`
	KB       string `mapstructure:"kb"`
	Campaign string `mapstructure:"campaign"`
}

type rawHTTP struct {
	Listen string `mapstructure:"listen"`
}

type rawStorage struct {
	Driver      string `mapstructure:"driver"`
	DSN         string `mapstructure:"dsn"`
	Files       string `mapstructure:"files"`
	MaxFileSize string `mapstructure:"max_file_size"`
}

type rawKB struct {
	Unfiled string      `mapstructure:"unfiled"`
	Folders []rawFolder `mapstructure:"folders"`
	Rules   []rawRule   `mapstructure:"rules"`
}

type rawFolder struct {
	Path       string   `mapstructure:"path"`
	Restricted string   `mapstructure:"restricted"`
	Members    []string `mapstructure:"members"`
	Groups     []string `mapstructure:"groups"`
	Channels   []string `mapstructure:"channels"`
}

type rawRule struct {
	Channels []string `mapstructure:"channels"`
	Globs    []string `mapstructure:"globs"`
	Keywords []string `mapstructure:"keywords"`
	Folder   string   `mapstructure:"folder"`
}

type rawTodos struct {
	RemindBefore  []string `mapstructure:"remind_before"`
	EscalateAfter string   `mapstructure:"escalate_after"`
	Digest        string   `mapstructure:"digest"`
	DigestOn      string   `mapstructure:"digest_on"`
	EndOfDay      string   `mapstructure:"end_of_day"`
	Morning       string   `mapstructure:"morning"`
	Afternoon     string   `mapstructure:"afternoon"`
	Evening       string   `mapstructure:"evening"`
	Ack           rawAck   `mapstructure:"ack"`
}

// rawAck is an ack: block, of a milestone or of todos.
type rawAck struct {
	Required      string   `mapstructure:"required"`
	From          []string `mapstructure:"from"`
	FromGroups    []string `mapstructure:"from_groups"`
	RepingAfter   string   `mapstructure:"reping_after"`
	EscalateAfter string   `mapstructure:"escalate_after"`
}

type rawCalendar struct {
	Region        string   `mapstructure:"region"`
	Holidays      []string `mapstructure:"holidays"`
	Workdays      []string `mapstructure:"workdays"`
	MoveReminders string   `mapstructure:"move_reminders"`
}

type rawScheduler struct {
	CatchUp    string `mapstructure:"catch_up"`
	ClaimLease string `mapstructure:"claim_lease"`
}

type rawCampaign struct {
	ID         string         `mapstructure:"id"`
	Name       string         `mapstructure:"name"`
	Channel    string         `mapstructure:"channel"`
	Leads      []string       `mapstructure:"leads"`
	DDay       rawDDay        `mapstructure:"d_day" cfg:"or-scalar"`
	Ends       string         `mapstructure:"ends"`
	Timezone   string         `mapstructure:"timezone"`
	Language   string         `mapstructure:"language"`
	Milestones []rawMilestone `mapstructure:"milestones"`
	Progress   string         `mapstructure:"progress"`
	ProgressOn string         `mapstructure:"progress_on"`
	Review     rawReview      `mapstructure:"review"`
}

// rawReview is a campaign's review (复盘) settings.
type rawReview struct {
	Folder string `mapstructure:"folder"`
}

// rawDDay is a campaign's d_day: a date written as one value (Date, which
// the decode hook fills and no key names), or a lunar date as a mapping.
type rawDDay struct {
	Date  string `mapstructure:"-"`
	Lunar string `mapstructure:"lunar"`
	Year  string `mapstructure:"year"`
	Time  string `mapstructure:"time"`
}

type rawMilestone struct {
	ID      string    `mapstructure:"id"`
	Name    string    `mapstructure:"name"`
	At      string    `mapstructure:"at"`
	Message string    `mapstructure:"message"`
	Offsets []string  `mapstructure:"offsets"`
	Notify  rawNotify `mapstructure:"notify"`
	Urgent  string    `mapstructure:"urgent"`
	Ack     rawAck    `mapstructure:"ack"`
}

type rawNotify struct {
	Channel  string   `mapstructure:"channel"`
	Leads    string   `mapstructure:"leads"`
	Users    []string `mapstructure:"users"`
	Groups   []string `mapstructure:"groups"`
	Channels []string `mapstructure:"channels"`
}

type rawJob struct {
	ID      string `mapstructure:"id"`
	Cron    string `mapstructure:"cron"`
	On      string `mapstructure:"on"`
	Channel string `mapstructure:"channel"`
	Message string `mapstructure:"message"`
	From    string `mapstructure:"from"`
	Until   string `mapstructure:"until"`
}

type rawConsole struct {
	Users    []rawConsoleUser    `mapstructure:"users"`
	Channels []rawConsoleChannel `mapstructure:"channels"`
	User     string              `mapstructure:"user"`
	Channel  string              `mapstructure:"channel"`
}

type rawConsoleUser struct {
	Name     string `mapstructure:"name"`
	RealName string `mapstructure:"real_name"`
	Timezone string `mapstructure:"timezone"`
}

type rawConsoleChannel struct {
	Name    string   `mapstructure:"name"`
	Private string   `mapstructure:"private"`
	Members []string `mapstructure:"members"`
}

type rawLog struct {
	Level  string `mapstructure:"level"`
	Format string `mapstructure:"format"`
}

// nodeKind is the YAML shape a schema node expects.
type nodeKind int

const (
	scalarKind nodeKind = iota
	mapKind
	listKind
)

// String names the kind for messages.
func (k nodeKind) String() string {
	switch k {
	case mapKind:
		return "a mapping of keys"
	case listKind:
		return "a list"
	}
	return "a single value"
}

// schemaNode describes one key of the file.
type schemaNode struct {
	kind nodeKind
	// keys are the known keys of a mapping, in declaration order.
	keys   []string
	fields map[string]*schemaNode
	// elem describes the items of a list.
	elem *schemaNode
	// secret marks a credential that must not be written in the file.
	secret bool
	// orScalar lets a mapping be written as a single value instead, like
	// d_day: 2026-11-11 00:00 beside d_day: {lunar: 正月初一, year: 2027}.
	orScalar bool
}

// schema is the shape of the configuration file.
var schema = schemaOf(reflect.TypeFor[rawConfig](), "")

func schemaOf(t reflect.Type, tag string) *schemaNode {
	switch t.Kind() {
	case reflect.Struct:
		n := &schemaNode{kind: mapKind, fields: map[string]*schemaNode{}, orScalar: tag == "or-scalar"}
		for i := range t.NumField() {
			f := t.Field(i)
			key := f.Tag.Get("mapstructure")
			if key == "-" {
				continue
			}
			n.keys = append(n.keys, key)
			n.fields[key] = schemaOf(f.Type, f.Tag.Get("cfg"))
		}
		return n
	case reflect.Slice:
		return &schemaNode{kind: listKind, elem: schemaOf(t.Elem(), "")}
	}
	return &schemaNode{kind: scalarKind, secret: tag == "secret"}
}

// envKeys returns the dotted paths of every value an environment variable
// can override: the scalars and lists of scalars outside of lists.
func envKeys() []string {
	var keys []string
	var visit func(n *schemaNode, prefix string)
	visit = func(n *schemaNode, prefix string) {
		for _, k := range n.keys {
			c, path := n.fields[k], joinKey(prefix, k)
			switch {
			case c.kind == mapKind:
				visit(c, path)
			case c.kind == scalarKind, c.elem.kind == scalarKind:
				keys = append(keys, path)
			}
		}
	}
	visit(schema, "")
	return keys
}

// schemaPaths returns every known dotted path (list items written as "[]"),
// used to suggest the right place for a key written in the wrong one.
func schemaPaths() []string {
	var paths []string
	var visit func(n *schemaNode, prefix string)
	visit = func(n *schemaNode, prefix string) {
		switch n.kind {
		case mapKind:
			for _, k := range n.keys {
				p := joinKey(prefix, k)
				paths = append(paths, p)
				visit(n.fields[k], p)
			}
		case listKind:
			visit(n.elem, prefix+"[]")
		}
	}
	visit(schema, "")
	sort.Strings(paths)
	return paths
}

// EnvName returns the environment variable that overrides the dotted key,
// e.g. "storage.dsn" → "CAMPAIGNBOT_STORAGE_DSN".
func EnvName(key string) string {
	return "CAMPAIGNBOT_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

func joinKey(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}
