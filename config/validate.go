package config

import (
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
)

// builder converts the raw strings into the typed Config, reporting every
// problem it finds and carrying on, so that all of them are reported at once.
type builder struct {
	r   *reporter
	raw *rawConfig
	cfg *Config
	// baseDir is where relative secret file paths start.
	baseDir string
	// users are the console user names, for checking user references.
	users     map[string]bool
	userNames []string
	// folders are the declared knowledge-base folders and their parents.
	folders map[campaignbot.FolderPath]bool
}

func (b *builder) build() {
	b.timezone()
	b.language()
	b.console()
	b.admins()
	b.quietHours()
	b.slack()
	b.http()
	b.storage()
	b.knowledgeBase()
	b.calendar()
	b.todos()
	b.scheduler()
	b.campaigns()
	b.jobs()
	b.calendarCoverage()
	b.log()
	b.charts()
}

func (b *builder) timezone() {
	loc, err := loadZone(strings.TrimSpace(b.raw.Timezone))
	if err != nil {
		b.r.at("timezone", "%v", err)
		loc = time.UTC
	}
	b.cfg.Timezone = loc
}

func (b *builder) language() {
	if l, ok := b.languageAt("language", b.raw.Language); ok {
		b.cfg.Language = l
	} else {
		b.cfg.Language = campaignbot.English
	}
}

// languageAt reads the language at path, reporting one that is not
// supported with the list of those that are.
func (b *builder) languageAt(path, raw string) (campaignbot.Language, bool) {
	l := campaignbot.Language(strings.TrimSpace(raw))
	if !l.Valid() {
		names := make([]string, len(campaignbot.Languages))
		for i, s := range campaignbot.Languages {
			names[i] = string(s)
		}
		b.r.at(path, "unknown language %s: use one of %s", quote(string(l)), strings.Join(names, ", "))
		return "", false
	}
	return l, true
}

func (b *builder) admins() {
	if !b.r.given("admins") && !b.users[DefaultAdmin] {
		return
	}
	b.cfg.Admins = b.userList("admins", b.raw.Admins)
}

func (b *builder) quietHours() {
	var ws []QuietWindow
	for i, s := range b.raw.QuietHours {
		w, err := parseQuietHours(s)
		if err != nil {
			b.r.at(index("quiet_hours", i), "%v", err)
			continue
		}
		ws = append(ws, w...)
	}
	b.cfg.QuietHours = mergeQuietWindows(ws)
}

var commandRE = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)

func (b *builder) slack() {
	raw := &b.raw.Slack
	s := &b.cfg.Slack
	s.Mode = strings.TrimSpace(raw.Mode)
	if s.Mode != "socket" && s.Mode != "http" {
		b.r.at("slack.mode", "unknown mode %s: use socket (no public URL needed) or http (Slack calls http.listen)", quote(s.Mode))
	}
	s.PostsPerMinute = 0
	if v := strings.TrimSpace(raw.PostsPerMinute); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 6000 {
			b.r.at("slack.posts_per_minute", "bad rate %s: use a whole number of posts a minute from 1 to 6000, like 500", quote(raw.PostsPerMinute))
		} else {
			s.PostsPerMinute = n
		}
	}
	s.APIURL = strings.TrimSpace(raw.APIURL)
	if s.APIURL != "" {
		u, err := url.Parse(s.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			b.r.at("slack.api_url", "bad URL %s: use an http or https URL like https://slack.com/api/, or leave it out", quote(s.APIURL))
		}
	}
	seen := map[string]string{}
	for _, c := range []struct {
		key string
		val *string
		raw string
	}{
		{"slack.commands.todo", &s.Commands.Todo, raw.Commands.Todo},
		{"slack.commands.kb", &s.Commands.KB, raw.Commands.KB},
		{"slack.commands.campaign", &s.Commands.Campaign, raw.Commands.Campaign},
	} {
		name := strings.TrimPrefix(strings.TrimSpace(c.raw), "/")
		*c.val = name
		switch {
		case !commandRE.MatchString(name):
			b.r.at(c.key, "bad command name %s: use lowercase letters, digits, - and _, without the slash, like todo", quote(c.raw))
		case seen[name] != "":
			b.r.at(c.key, "command /%s is also used by %s: give each command its own name", name, seen[name])
		default:
			seen[name] = c.key
		}
	}
	s.BotToken = b.secret("slack.bot_token", raw.BotToken, raw.BotTokenFile)
	s.AppToken = b.secret("slack.app_token", raw.AppToken, raw.AppTokenFile)
	s.SigningSecret = b.secret("slack.signing_secret", raw.SigningSecret, raw.SigningSecretFile)
	if strings.HasPrefix(s.BotToken.Reveal(), "xapp-") {
		b.secretAt("slack.bot_token", "holds an app-level token (xapp-…); the bot token starts with xoxb-, the app token goes in %s", EnvName("slack.app_token"))
	}
	if strings.HasPrefix(s.AppToken.Reveal(), "xox") {
		b.secretAt("slack.app_token", "holds a bot or user token (xox…); the app-level token starts with xapp-, the bot token goes in %s", EnvName("slack.bot_token"))
	}
}

// secretAt reports a problem with a credential where it came from: its
// environment variable or its _file key.
func (b *builder) secretAt(key, format string, args ...any) {
	if b.r.envOf(key) != "" {
		b.r.at(key, format, args...)
		return
	}
	b.r.at(key+"_file", format, args...)
}

func (b *builder) http() {
	listen := strings.TrimSpace(b.raw.HTTP.Listen)
	b.cfg.HTTP.Listen = listen
	if listen == "" {
		return
	}
	_, port, err := net.SplitHostPort(listen)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
		b.r.at("http.listen", "bad listen address %s: use host:port like 127.0.0.1:8080 or :8080, or \"\" to disable the listener", quote(listen))
	}
}

func (b *builder) storage() {
	raw, s := &b.raw.Storage, &b.cfg.Storage
	s.Driver = strings.TrimSpace(raw.Driver)
	dsn := strings.TrimSpace(raw.DSN)
	s.DSN = Secret(dsn)
	s.Files = strings.TrimSpace(raw.Files)
	isURL := strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
	switch s.Driver {
	case "sqlite":
		if isURL {
			b.r.at("storage.dsn", "this is a PostgreSQL URL but storage.driver is sqlite: set driver: postgres, or give a file path like data/campaignbot.db")
		}
	case "postgres":
		switch {
		case !b.r.given("storage.dsn"):
			b.r.at("storage.dsn", "driver postgres needs a connection string: set %s to a URL like postgres://user:password@host:5432/campaignbot", EnvName("storage.dsn"))
		case b.r.envOf("storage.dsn") == "" && dsnHasPassword(dsn):
			b.r.at("storage.dsn", "the connection string holds a password: put it in %s instead of the config file", EnvName("storage.dsn"))
		}
	default:
		b.r.at("storage.driver", "unknown driver %s: use sqlite or postgres", quote(s.Driver))
	}
	if dsn == "" {
		b.r.at("storage.dsn", "the DSN is empty: use a file path like data/campaignbot.db for sqlite or a postgres:// URL")
	}
	if s.Files == "" {
		b.r.at("storage.files", "the file store is empty: use a directory like data/files or a URL like file:///var/lib/campaignbot/files or s3://BUCKET?endpoint=…&region=…")
	} else if p := filesProblem(s.Files); p != "" {
		b.r.at("storage.files", "%s", p)
	}
	size, err := ParseSize(raw.MaxFileSize)
	switch {
	case err != nil:
		b.r.at("storage.max_file_size", "%v", err)
	case size <= 0:
		b.r.at("storage.max_file_size", "the size must be more than 0, like 200MiB")
	}
	s.MaxFileSize = size
}

func (b *builder) todos() {
	raw, t := &b.raw.Todos, &b.cfg.Todos
	seen := map[time.Duration]bool{}
	for i, s := range raw.RemindBefore {
		d, err := ParseDuration(s, false)
		switch {
		case err != nil:
			b.r.at(index("todos.remind_before", i), "%v", err)
		case seen[d]:
			b.r.at(index("todos.remind_before", i), "%s is listed twice", FormatDuration(d))
		default:
			seen[d] = true
			t.RemindBefore = append(t.RemindBefore, d)
		}
	}
	t.EscalateAfter = b.duration("todos.escalate_after", raw.EscalateAfter)
	if spec := strings.TrimSpace(raw.Digest); spec != "" {
		norm, err := parseCron(spec, b.cfg.Timezone.String())
		if err != nil {
			b.r.at("todos.digest", "%v", err)
		}
		t.Digest = norm
	}
	t.DigestOnWorkdays = b.onWorkdays("todos.digest_on", raw.DigestOn)
	t.Ack = b.todoAck(raw.Ack)
	eod, ok := parseClock(raw.EndOfDay, false)
	if !ok {
		b.r.at("todos.end_of_day", "bad time of day %s: use HH:MM in 24-hour time, like 18:00", quote(raw.EndOfDay))
	}
	t.EndOfDay = eod
	for _, part := range []struct {
		key, raw string
		v        *int
	}{{"todos.morning", raw.Morning, &t.Morning}, {"todos.afternoon", raw.Afternoon, &t.Afternoon}, {"todos.evening", raw.Evening, &t.Evening}} {
		m, ok := parseClock(part.raw, false)
		if !ok {
			b.r.at(part.key, "bad time of day %s: use HH:MM in 24-hour time, like 09:00", quote(part.raw))
		}
		*part.v = m
	}
}

func (b *builder) scheduler() {
	b.cfg.Scheduler.CatchUp = b.duration("scheduler.catch_up", b.raw.Scheduler.CatchUp)
	lease := b.duration("scheduler.claim_lease", b.raw.Scheduler.ClaimLease)
	if lease != 0 && (lease < MinClaimLease || lease > MaxClaimLease) {
		b.r.at("scheduler.claim_lease", "%s is out of range: use %s to %s (a claim must outlast one Slack call, and a crash is noticed after it)",
			FormatDuration(lease), FormatDuration(MinClaimLease), FormatDuration(MaxClaimLease))
	}
	b.cfg.Scheduler.ClaimLease = lease
}

func (b *builder) log() {
	l := &b.cfg.Log
	l.Level = strings.ToLower(strings.TrimSpace(b.raw.Log.Level))
	switch l.Level {
	case "debug", "info", "warn", "error":
	default:
		b.r.at("log.level", "unknown level %s: use debug, info, warn or error", quote(b.raw.Log.Level))
	}
	l.Format = strings.ToLower(strings.TrimSpace(b.raw.Log.Format))
	switch l.Format {
	case "auto", "text", "json":
	default:
		b.r.at("log.format", "unknown format %s: use auto (text on a terminal, JSON otherwise), text or json", quote(b.raw.Log.Format))
	}
}

// duration parses a duration that cannot be negative.
func (b *builder) duration(path, s string) time.Duration {
	d, err := ParseDuration(s, false)
	if err != nil {
		b.r.at(path, "%v", err)
	}
	return d
}

// boolean parses true/false; empty means def.
func (b *builder) boolean(path, s string, def bool) bool {
	v, _ := b.booleanOK(path, s, def)
	return v
}

// booleanOK is boolean that also reports whether s was valid.
func (b *builder) booleanOK(path, s string, def bool) (bool, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, true
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		b.r.at(path, "bad value %s: use true or false", quote(s))
		return def, false
	}
	return v, true
}

// channel reads a channel reference: a console channel name or a Slack
// channel ID, with or without a leading '#'.
func (b *builder) channel(path, s string) (campaignbot.ChannelID, bool) {
	name := strings.TrimPrefix(strings.TrimSpace(s), "#")
	if name == "" || strings.ContainsAny(name, " \t\r\n#@") {
		b.r.at(path, "bad channel %s: use a channel name like double11-war-room or a Slack channel ID like C0123ABCD", quote(s))
		return "", false
	}
	return campaignbot.ChannelID(name), true
}

// dsnHasPassword reports whether a PostgreSQL connection string, as a URL or
// as key=value pairs, holds a password.
func dsnHasPassword(dsn string) bool {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			return true
		}
	}
	for _, field := range strings.Fields(dsn) {
		if strings.HasPrefix(strings.ToLower(field), "password=") {
			return true
		}
	}
	return false
}
