// Package config loads, validates and publishes campaignbot's YAML
// configuration.
//
// Load reads a file (or the embedded example) through viper, applies
// CAMPAIGNBOT_<PATH> environment overrides, validates every value and
// returns an immutable *Config, or every problem found as FILE:LINE:COL
// messages. Watcher reloads the file on change and publishes each valid
// version through an atomic pointer, so readers never race a reload.
package config

import (
	"time"

	"github.com/campaignbot/campaignbot"
)

// Config is a validated, immutable configuration. Never modify a *Config
// after Load returned it: other goroutines may be reading it.
type Config struct {
	// Source is the file the config came from, or "embedded config.example.yaml".
	Source string
	// Timezone is the default zone for reading and showing times.
	Timezone *time.Location
	// Language is the language of every reply.
	Language campaignbot.Language
	// Admins may do everything, such as deleting other people's to-dos.
	Admins        []campaignbot.UserID
	Slack         Slack
	HTTP          HTTP
	Storage       Storage
	QuietHours    []QuietWindow
	KnowledgeBase KnowledgeBase
	// Calendar says which days are worked, for `on: workdays` and for
	// moving reminders off days off.
	Calendar *campaignbot.Calendar
	// MoveReminders is calendar.move_reminders: non-urgent to-do nudges,
	// escalations and milestone reminders that fall on a day off move to a
	// working day (scheduler.WorkdayShift). False sends them on the day.
	MoveReminders bool
	Todos         Todos
	Scheduler     Scheduler
	Campaigns     []campaignbot.Campaign
	Jobs          []campaignbot.Job
	Console       Console
	Log           Log
	// Charts configures the progress charts (charts.font).
	Charts Charts
	// Warnings are about valid values that deserve a look, such as a
	// campaign running into a year the calendar has no holiday data for.
	Warnings []Warning
}

// Secret is a credential. It prints as "[redacted]" so it cannot reach logs
// or replies by accident; call Reveal where the value is really needed.
type Secret string

// String redacts the secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString redacts the secret for %#v.
func (s Secret) GoString() string { return s.String() }

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }

// Slack configures the Slack adapter.
type Slack struct {
	// Mode is "socket" (default) or "http".
	Mode string
	// APIURL overrides https://slack.com/api/ for proxies and tests.
	APIURL        string
	BotToken      Secret
	AppToken      Secret
	SigningSecret Secret
	// Commands are the slash-command names, without '/'.
	Commands Commands
	// PostsPerMinute paces the bot's posts across the workspace
	// (chat.postMessage, chat.postEphemeral and chat.update together), under
	// Slack's unpublished workspace-wide limit.
	PostsPerMinute int
}

// Commands names the slash commands.
type Commands struct {
	Todo     string
	KB       string
	Campaign string
}

// Name returns the typed name of a command by its logical name ("todo",
// "kb", "campaign"): the configured one, or the logical name itself.
func (c Commands) Name(logical string) string {
	switch {
	case logical == "todo" && c.Todo != "":
		return c.Todo
	case logical == "kb" && c.KB != "":
		return c.KB
	case logical == "campaign" && c.Campaign != "":
		return c.Campaign
	}
	return logical
}

// Configured reports whether Slack credentials are present for the mode:
// a bot token plus an app token (socket) or a signing secret (http).
func (s Slack) Configured() bool {
	if s.BotToken == "" {
		return false
	}
	if s.Mode == "http" {
		return s.SigningSecret != ""
	}
	return s.AppToken != ""
}

// HTTP configures the HTTP listener for health, metrics and Slack HTTP mode.
type HTTP struct {
	// Listen is a host:port; "" disables the listener.
	Listen string
}

// Storage configures the database and the blob store.
type Storage struct {
	// Driver is "sqlite" or "postgres".
	Driver string
	// DSN is a file path for SQLite or a connection string for PostgreSQL,
	// which may hold a password: it is a Secret so it cannot be logged.
	DSN Secret
	// Files is a directory or a gocloud.dev/blob URL (file:///... or
	// s3://BUCKET?endpoint=…&region=…), never holding credentials.
	Files string
	// MaxFileSize is the largest file accepted, in bytes.
	MaxFileSize int64
}

// QuietWindow is a daily span of local time when people are not messaged.
// Start and End are minutes after midnight; End may be 1440 (24:00).
type QuietWindow struct {
	Start int
	End   int
}

// KnowledgeBase configures folders and filing rules.
type KnowledgeBase struct {
	Folders []Folder
	Rules   []FilingRule
	// Unfiled is where files matching no rule go: "" means offer a one-click
	// save instead of filing silently.
	Unfiled campaignbot.FolderPath
}

// Folder is a folder created at start.
type Folder struct {
	Path campaignbot.FolderPath
	// Restricted folders are visible only to Members, Groups and the
	// members of Channels.
	Restricted bool
	Members    []campaignbot.UserID
	Groups     []string
	Channels   []campaignbot.ChannelID
}

// FilingRule files shared files into a folder. Empty criteria match all.
type FilingRule struct {
	// Channels the file was shared in.
	Channels []campaignbot.ChannelID
	// Globs match the file name, e.g. "*.psd".
	Globs []string
	// Keywords match the file name, case-insensitively.
	Keywords []string
	Folder   campaignbot.FolderPath
}

// Todos configures to-do nudges.
type Todos struct {
	// RemindBefore are offsets before due when assignees are nudged.
	RemindBefore []time.Duration
	// EscalateAfter is how long past due leads are told.
	EscalateAfter time.Duration
	// Digest is the cron spec of the daily digest.
	Digest string
	// DigestOnWorkdays runs the digest on working days only (todos.digest_on:
	// workdays), see campaignbot.Job.OnWorkdays.
	DigestOnWorkdays bool
	// EndOfDay is the local time a date without time means, in minutes
	// after midnight.
	EndOfDay int
	// Morning, Afternoon and Evening are the local times a part of the day
	// alone means ("tomorrow morning", "明天下午", "周五晚上"), in minutes
	// after midnight.
	Morning, Afternoon, Evening int
	// Ack asks assignees to acknowledge their to-do nudges (todos.ack):
	// required and reping_after; overdue to-dos escalate through
	// EscalateAfter.
	Ack campaignbot.AckPolicy
}

// Scheduler configures reminder delivery.
type Scheduler struct {
	// CatchUp is how late a reminder may still be sent after downtime.
	CatchUp time.Duration
	// ClaimLease is how long a dispatcher's claim on reminders lasts
	// without renewal: another replica (or the restarted process) takes
	// over a stopped dispatcher's reminders this long after its last
	// renewal.
	ClaimLease time.Duration
}

// The range of scheduler.claim_lease.
const (
	MinClaimLease = 15 * time.Second
	MaxClaimLease = 10 * time.Minute
)

// Console configures the local console chat.
type Console struct {
	Users    []ConsoleUser
	Channels []ConsoleChannel
	// User and Channel are where the console starts.
	User    string
	Channel string
}

// ConsoleUser is a pretend user of the console chat.
type ConsoleUser struct {
	Name     string
	RealName string
	Timezone string
}

// ConsoleChannel is a pretend channel of the console chat.
type ConsoleChannel struct {
	Name    string
	Private bool
	// Members are the users in a private channel; every console user is in
	// every public one.
	Members []campaignbot.UserID
}

// Log configures logging.
type Log struct {
	// Level is debug, info, warn or error.
	Level string
	// Format is auto (text on a terminal, JSON otherwise), text or json.
	Format string
}

// IsAdmin reports whether id is listed under admins.
func (c *Config) IsAdmin(id campaignbot.UserID) bool {
	for _, a := range c.Admins {
		if a == id {
			return true
		}
	}
	return false
}

// Campaign returns the campaign with the given id.
func (c *Config) Campaign(id string) (campaignbot.Campaign, bool) {
	for _, cp := range c.Campaigns {
		if cp.ID == id {
			return cp, true
		}
	}
	return campaignbot.Campaign{}, false
}
