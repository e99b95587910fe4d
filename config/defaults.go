package config

// The defaults of the keys the file may leave out. Keys without a default
// here (see defaults) default to empty.
const (
	// DefaultTimezone is the zone of `timezone`.
	DefaultTimezone = "Asia/Shanghai"
	// DefaultLanguage is the reply language.
	DefaultLanguage = "en"
	// DefaultListen is the address of the HTTP listener.
	DefaultListen = "127.0.0.1:8080"
	// DefaultDriver is the database driver.
	DefaultDriver = "sqlite"
	// DefaultDSN is the SQLite database file.
	DefaultDSN = "data/campaignbot.db"
	// DefaultFiles is the directory of the blob store.
	DefaultFiles = "data/files"
	// DefaultClaimLease is scheduler.claim_lease: long enough for one
	// Slack call with its 30-second timeout, short enough that another
	// replica resumes within a minute of a crash.
	DefaultClaimLease = "45s"
	// DefaultPostsPerMinute is slack.posts_per_minute: under the ~525 a
	// minute that Slack's unpublished workspace-wide limit is known to
	// allow.
	DefaultPostsPerMinute = "500"
	// DefaultMaxFileSize is the largest file saved to the knowledge base.
	DefaultMaxFileSize = "200MiB"
	// DefaultRegion is calendar.region: the statutory holidays and makeup
	// workdays of mainland China, matching the default timezone.
	DefaultRegion = "CN"
	// DefaultCampaignDays is how many calendar days after d_day a campaign
	// without `ends` ends: milestones and reminders later than that are a
	// configuration problem.
	DefaultCampaignDays = 30
	// DefaultAdmin is the admin when `admins` is absent, provided it is a
	// console user (it is one of the default console users).
	DefaultAdmin = "wang.fang"
	// DefaultConsoleUser is who the console starts as when console.user is
	// absent; when it is not a configured console user, the first one is.
	DefaultConsoleUser = "wang.fang"
	// DefaultConsoleChannel is where the console starts when
	// console.channel is absent; when it is not a configured console
	// channel, the first one is.
	DefaultConsoleChannel = "double11-war-room"
)

// defaultOffsets are the reminder offsets of a milestone without offsets:
// a day before and at the milestone.
var defaultOffsets = []string{"1d", "0"}

// defaultConsoleUsers are the console users when console.users is absent: an
// admin, two leads and three staff.
var defaultConsoleUsers = []map[string]any{
	{"name": "wang.fang", "real_name": "王芳 Fang Wang"},
	{"name": "li.na", "real_name": "李娜 Na Li"},
	{"name": "chen.jie", "real_name": "陈杰 Jie Chen"},
	{"name": "alice", "real_name": "Alice Zhou 周爱丽"},
	{"name": "bob", "real_name": "Bob Liu 刘波"},
	{"name": "zhang.wei", "real_name": "张伟 Wei Zhang"},
}

// defaultConsoleChannels are the console channels when console.channels is
// absent.
var defaultConsoleChannels = []map[string]any{
	{"name": "double11-war-room"},
	{"name": "double11-planning"},
	{"name": "double11-design"},
	{"name": "double11-promotion"},
	{"name": "double11-data", "private": "true"},
	{"name": "general"},
}

// defaults returns the default of every key, by dotted path.
func defaults() map[string]any {
	return map[string]any{
		"timezone":                  DefaultTimezone,
		"language":                  DefaultLanguage,
		"admins":                    []string{DefaultAdmin},
		"quiet_hours":               []string{"00:00-09:00", "11:30-14:00", "21:00-24:00"},
		"slack.mode":                "socket",
		"slack.api_url":             "",
		"slack.bot_token":           "",
		"slack.bot_token_file":      "",
		"slack.app_token":           "",
		"slack.app_token_file":      "",
		"slack.signing_secret":      "",
		"slack.signing_secret_file": "",
		"slack.commands.todo":       "todo",
		"slack.commands.kb":         "kb",
		"slack.commands.campaign":   "campaign",
		"http.listen":               DefaultListen,
		"storage.driver":            DefaultDriver,
		"storage.dsn":               DefaultDSN,
		"storage.files":             DefaultFiles,
		"storage.max_file_size":     DefaultMaxFileSize,
		"knowledge_base.unfiled":    "",
		"knowledge_base.folders":    []any{},
		"knowledge_base.rules":      []any{},
		"calendar.region":           DefaultRegion,
		"calendar.holidays":         []string{},
		"calendar.workdays":         []string{},
		"calendar.move_reminders":   "true",
		"todos.remind_before":       []string{"24h", "2h"},
		"todos.escalate_after":      "24h",
		"todos.digest":              "30 9 * * 1-5",
		"todos.digest_on":           "workdays",
		"todos.end_of_day":          "18:00",
		"todos.morning":             "09:00",
		"todos.afternoon":           "14:00",
		"todos.evening":             "20:00",
		"todos.ack.required":        "false",
		"todos.ack.reping_after":    "",
		"todos.ack.escalate_after":  "",
		"todos.ack.from":            []string{},
		"todos.ack.from_groups":     []string{},
		"scheduler.catch_up":        "6h",
		"scheduler.claim_lease":     DefaultClaimLease,
		"slack.posts_per_minute":    DefaultPostsPerMinute,
		"campaigns":                 []any{},
		"jobs":                      []any{},
		"console.users":             copyMaps(defaultConsoleUsers),
		"console.channels":          copyMaps(defaultConsoleChannels),
		"console.user":              DefaultConsoleUser,
		"console.channel":           DefaultConsoleChannel,
		"log.level":                 "info",
		"charts.font":               "",
		"log.format":                "auto",
	}
}

// copyMaps copies a list of maps, so that nothing viper does to a default
// can reach the next Parse.
func copyMaps(list []map[string]any) []any {
	out := make([]any, len(list))
	for i, m := range list {
		c := make(map[string]any, len(m))
		for k, v := range m {
			c[k] = v
		}
		out[i] = c
	}
	return out
}
