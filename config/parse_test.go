package config

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

var update = flag.Bool("update", false, "rewrite the testdata/*/*.golden files")

// checkGolden compares got, what of the fixture file, with the .golden
// file beside it, rewriting it first under -update.
func checkGolden(t *testing.T, what, file, got string) {
	t.Helper()
	golden := strings.TrimSuffix(file, ".yaml") + ".golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./config/ -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s of %s:\n%s\nwant:\n%s", what, file, got, want)
	}
}

// TestInvalidFixtures checks that every problem of each invalid fixture is
// reported at once, with its exact text and position.
func TestInvalidFixtures(t *testing.T) {
	clearEnv(t)
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := problemsOf(t, file, data).Error() + "\n"
			checkGolden(t, "problems", file, got)
		})
	}
}

// TestProblems checks single problems of small files, by exact text.
func TestProblems(t *testing.T) {
	clearEnv(t)
	const campaign = "campaigns:\n  - id: c\n    name: C\n    channel: war-room\n    d_day: 2026-11-11 00:00\n    milestones:\n"
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown key with suggestion", "timezon: UTC\n",
			[]string{`t.yaml:1:1: unknown key "timezon": did you mean "timezone"?`}},
		{"unknown key listing known keys", "http:\n  port: 80\n",
			[]string{`t.yaml:2:3: unknown key "port" in http: known keys are listen`}},
		{"bad duration", "todos:\n  escalate_after: 3x\n",
			[]string{`t.yaml:2:19: todos.escalate_after: bad duration "3x": use a number with s, m, h or d, like 2h or 7d`}},
		{"negative duration", "scheduler:\n  catch_up: -6h\n",
			[]string{`t.yaml:2:13: scheduler.catch_up: bad duration "-6h": it cannot be negative here`}},
		{"bad time zone", "timezone: Asia/Shangai\n",
			[]string{`t.yaml:1:11: timezone: unknown time zone "Asia/Shangai": use an IANA name like Asia/Shanghai or UTC`}},
		{"bad language", "language: zh\n",
			[]string{`t.yaml:1:11: language: unknown language "zh": use one of en, zh-CN, zh-TW, ja`}},
		{"bad campaign language", "campaigns:\n  - {id: c, channel: w, d_day: 2026-11-11, language: jp}\n",
			[]string{`t.yaml:2:54: campaigns[0].language: unknown language "jp": use one of en, zh-CN, zh-TW, ja`}},
		{"bad slack mode", "slack:\n  mode: events\n",
			[]string{`t.yaml:2:9: slack.mode: unknown mode "events": use socket (no public URL needed) or http (Slack calls http.listen)`}},
		{"bad driver", "storage:\n  driver: mysql\n",
			[]string{`t.yaml:2:11: storage.driver: unknown driver "mysql": use sqlite or postgres`}},
		{"postgres without dsn", "storage:\n  driver: postgres\n",
			[]string{`t.yaml:2:3: storage.dsn: driver postgres needs a connection string: set CAMPAIGNBOT_STORAGE_DSN to a URL like postgres://user:password@host:5432/campaignbot`}},
		{"files URL with a key", "storage:\n  files: s3://AKIAEXAMPLE:wJalrXUtnFEMI@campaign-files?region=us-east-1\n",
			[]string{`t.yaml:2:10: storage.files: the URL holds credentials: remove them from the config and put the key in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE with the shared credentials file) in campaignbot's environment instead`}},
		{"files URL with a secret parameter", "storage:\n  files: s3://campaign-files?region=us-east-1&aws_secret_access_key=wJalrXUtnFEMI\n",
			[]string{`t.yaml:2:10: storage.files: the URL holds credentials (parameter "aws_secret_access_key"): remove them from the config and put the key in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE with the shared credentials file) in campaignbot's environment instead`}},
		{"files endpoint with a key", "storage:\n  files: s3://campaign-files?endpoint=http://AKIAEXAMPLE:wJalrXUtnFEMI@minio:9000&use_path_style=true\n",
			[]string{`t.yaml:2:10: storage.files: the endpoint holds credentials: remove them from the config and put the key in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE with the shared credentials file) in campaignbot's environment instead`}},
		{"files URL without bucket", "storage:\n  files: s3://?region=us-east-1\n",
			[]string{`t.yaml:2:10: storage.files: the s3:// URL names no bucket: use s3://BUCKET?region=…, with endpoint=https://HOST&use_path_style=true for S3-compatible stores`}},
		{"files URL with unknown parameter", "storage:\n  files: s3://campaign-files?regoin=us-east-1\n",
			[]string{`t.yaml:2:10: storage.files: unknown s3:// parameter "regoin": use endpoint, region, use_path_style, s3ForcePathStyle, disable_https, profile, anonymous, hostname_immutable, dualstack, fips, rate_limiter_capacity, request_checksum_calculation, response_checksum_validation, ssetype, kmskeyid, accelerate`}},
		{"files URL with bad endpoint", "storage:\n  files: s3://campaign-files?endpoint=minio:9000\n",
			[]string{`t.yaml:2:10: storage.files: the endpoint parameter must be an http:// or https:// URL of the S3 service, like endpoint=https://s3.example.com`}},
		{"files URL with bad path style", "storage:\n  files: s3://campaign-files?use_path_style=yes\n",
			[]string{`t.yaml:2:10: storage.files: s3:// parameter use_path_style must be true or false`}},
		{"files URL of unknown scheme", "storage:\n  files: gs://campaign-files\n",
			[]string{`t.yaml:2:10: storage.files: unknown scheme "gs://": use a directory like data/files, file:///var/lib/campaignbot/files or s3://BUCKET?endpoint=…&region=…`}},
		{"bad size", "storage:\n  max_file_size: 2 bytes\n",
			[]string{`t.yaml:2:18: storage.max_file_size: bad size "2 bytes": use a whole number of bytes with B, KB, MB, GB, KiB, MiB or GiB, like 200MiB`}},
		{"unknown region", "calendar:\n  region: HK\n",
			[]string{`t.yaml:2:11: calendar.region: unknown region "HK": use CN, or "" for weekends only`}},
		{"bad company holiday", "calendar:\n  holidays: [\"2026-12-31\", \"12/24 party\"]\n",
			[]string{`t.yaml:2:28: calendar.holidays[1]: bad day "12/24 party": use YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, optionally followed by a reason, like "2026-12-31 year-end party"`}},
		{"backward range", "calendar:\n  workdays: [\"2026-10-10..2026-10-09\"]\n",
			[]string{`t.yaml:2:14: calendar.workdays[0]: bad range "2026-10-10..2026-10-09": the last day is before the first`}},
		{"day off and worked", "calendar:\n  holidays: [\"2026-12-24..2026-12-25 Christmas\"]\n  workdays: [2026-12-25]\n",
			[]string{`t.yaml:3:14: calendar.workdays[0]: 2026-12-25 is also listed under calendar.holidays: a day is either off or worked`}},
		{"move reminders neither true nor false", "calendar:\n  move_reminders: sometimes\n",
			[]string{`t.yaml:2:19: calendar.move_reminders: bad value "sometimes": use true or false`}},
		{"bad digest_on", "todos:\n  digest_on: weekdays\n",
			[]string{`t.yaml:2:14: todos.digest_on: unknown value "weekdays": use workdays (skip days off, run on makeup workdays) or any (the days the cron spec says)`}},
		{"bad job on", "jobs:\n  - {id: a, cron: \"0 9 * * *\", on: holidays, channel: general, message: hi}\n",
			[]string{`t.yaml:2:36: jobs[0].on: unknown value "holidays": use workdays (skip days off, run on makeup workdays) or any (the days the cron spec says)`}},
		{"bad quiet hours", "quiet_hours: [\"9-17\"]\n",
			[]string{`t.yaml:1:15: quiet_hours[0]: bad quiet hours "9-17": use HH:MM-HH:MM in 24-hour time, like 21:00-24:00`}},
		{"24:00 as a start", "quiet_hours: [\"24:00-09:00\"]\n",
			[]string{`t.yaml:1:15: quiet_hours[0]: bad quiet hours "24:00-09:00": use HH:MM-HH:MM in 24-hour time, like 21:00-24:00`}},
		{"bad cron", "todos:\n  digest: \"61 9 * * *\"\n",
			[]string{`t.yaml:2:11: todos.digest: bad cron spec "61 9 * * *" (end of range (61) above maximum (59): 61): use 5 fields (minute hour day-of-month month day-of-week) like "0 9 * * 1-5", optionally after CRON_TZ=Asia/Shanghai, or a descriptor like @daily`}},
		{"cron zone without spec", "todos:\n  digest: CRON_TZ=UTC\n",
			[]string{`t.yaml:2:11: todos.digest: bad cron spec "CRON_TZ=UTC": nothing follows CRON_TZ=UTC; use 5 fields (minute hour day-of-month month day-of-week) like "0 9 * * 1-5", optionally after CRON_TZ=Asia/Shanghai, or a descriptor like @daily`}},
		{"bad cron zone", "todos:\n  digest: CRON_TZ=Mars 0 9 * * *\n",
			[]string{`t.yaml:2:11: todos.digest: bad cron spec "CRON_TZ=Mars 0 9 * * *": unknown time zone "Mars": use an IANA name like Asia/Shanghai or UTC`}},
		{"bad end of day", "todos:\n  end_of_day: 6pm\n",
			[]string{`t.yaml:2:15: todos.end_of_day: bad time of day "6pm": use HH:MM in 24-hour time, like 18:00`}},
		{"bad morning", "todos:\n  morning: early\n",
			[]string{`t.yaml:2:12: todos.morning: bad time of day "early": use HH:MM in 24-hour time, like 09:00`}},
		{"bad listen", "http:\n  listen: localhost\n",
			[]string{`t.yaml:2:11: http.listen: bad listen address "localhost": use host:port like 127.0.0.1:8080 or :8080, or "" to disable the listener`}},
		{"bad log level", "log:\n  level: verbose\n",
			[]string{`t.yaml:2:10: log.level: unknown level "verbose": use debug, info, warn or error`}},
		{"console user not a console user", "console:\n  user: li.an\n",
			[]string{`t.yaml:2:9: console.user: user "li.an" is not among console.users: did you mean li.na?`}},
		{"console channel not a console channel", "console:\n  channel: random\n",
			[]string{`t.yaml:2:12: console.channel: channel "random" is not among console.channels: use one of double11-war-room, double11-planning, double11-design, double11-promotion, double11-data, general`}},
		{"bad console user name", "console:\n  users:\n    - name: Li Na\n  user: li.na\n",
			[]string{
				`t.yaml:3:13: console.users[0].name: bad user name "Li Na": use a lowercase handle of letters, digits, '.', '_' and '-', like li.na`,
				`t.yaml:4:9: console.user: user "li.na" is not among console.users: none are configured`,
			}},
		{"admin unknown", "admins: [wang.fang, boss]\n",
			[]string{`t.yaml:1:21: admins[1]: unknown user "boss": use a console user (wang.fang, li.na, chen.jie, alice, bob, zhang.wei) or a Slack member ID like U0123ABCD`}},
		{"undeclared folder in rule", "knowledge_base:\n  folders:\n    - path: Double 11/Design\n  rules:\n    - globs: [\"*.psd\"]\n      folder: Double 11/Desing\n",
			[]string{`t.yaml:6:15: knowledge_base.rules[0].folder: folder "Double 11/Desing" is not declared under knowledge_base.folders: did you mean "Double 11/Design"?`}},
		{"parent of a declared folder is declared", "knowledge_base:\n  folders:\n    - path: Double 11/Design\n  rules:\n    - keywords: [x]\n      folder: Double 11\n  unfiled: Double 12\n",
			[]string{`t.yaml:7:12: knowledge_base.unfiled: folder "Double 12" is not declared under knowledge_base.folders: add it there`}},
		{"bad glob", "knowledge_base:\n  folders:\n    - path: D\n  rules:\n    - globs: [\"[a\"]\n      folder: D\n",
			[]string{`t.yaml:5:15: knowledge_base.rules[0].globs[0]: bad pattern "[a": use a file name pattern like *.psd (quote it in YAML: "*.psd")`}},
		{"bad folder path", "knowledge_base:\n  folders:\n    - path: a//b\n",
			[]string{`t.yaml:3:13: knowledge_base.folders[0].path: bad folder path "a//b": The folder path "a//b" has an empty part (two slashes in a row).`}},
		{"members of an open folder", "knowledge_base:\n  folders:\n    - path: D\n      members: [li.na]\n",
			[]string{`t.yaml:3:7: knowledge_base.folders[0]: members, groups and channels only apply to restricted folders: add restricted: true, or remove them`}},
		{"bad bool", "knowledge_base:\n  folders:\n    - path: D\n      restricted: yes\n      channels: [C0123ABCD, finance]\n",
			[]string{`t.yaml:4:19: knowledge_base.folders[0].restricted: bad value "yes": use true or false`}},
		{"campaign required keys", "campaigns:\n  - name: X\n",
			[]string{
				`t.yaml:2:5: campaigns[0]: id is required: add a short key used in commands, like id: double11`,
				`t.yaml:2:5: campaigns[0]: channel is required: name the campaign's main group, like channel: double11-war-room`,
				`t.yaml:2:5: campaigns[0]: d_day is required: add the instant the sale opens, like d_day: 2026-11-11 00:00`,
			}},
		{"bad date", campaign + "      - {id: m, name: M, at: 2026-10-32}\n",
			[]string{`t.yaml:7:30: campaigns[0].milestones[0].at: bad date "2026-10-32": use YYYY-MM-DD HH:MM or YYYY-MM-DD (meaning 00:00), like 2026-10-29 23:59, in the time zone of the config`}},
		{"date with a zone", "campaigns:\n  - {id: c, channel: w, d_day: 2026-11-11T00:00:00+08:00}\n",
			[]string{`t.yaml:2:32: campaigns[0].d_day: bad date "2026-11-11T00:00:00+08:00": use YYYY-MM-DD HH:MM or YYYY-MM-DD (meaning 00:00), like 2026-10-29 23:59, in the time zone of the config`}},
		{"bad channel", "jobs:\n  - {id: j, cron: \"@daily\", channel: \"war room\", message: m}\n",
			[]string{`t.yaml:2:38: jobs[0].channel: bad channel "war room": use a channel name like double11-war-room or a Slack channel ID like C0123ABCD`}},
		{"bad relative time", campaign + "      - {id: m, name: M, at: D-3d}\n",
			[]string{`t.yaml:7:30: campaigns[0].milestones[0].at: bad milestone time "D-3d": use D, D-12, D-12 10:00, D+1 10:00, or a date like 2026-10-29 23:59`}},
		{"milestone after the campaign ends", campaign + "      - {id: m, name: M, at: D+31}\n",
			[]string{`t.yaml:7:30: campaigns[0].milestones[0].at: the milestone (2026-12-12 00:00) is after the campaign ends (2026-12-11 00:00): move it, or set the campaign's ends later`}},
		{"offset after the campaign ends", campaign + "      - {id: m, name: M, at: D+29, offsets: [0, -2d]}\n",
			[]string{`t.yaml:7:49: campaigns[0].milestones[0].offsets[1]: offset -2d puts a reminder at 2026-12-12 00:00, after the campaign ends (2026-12-11 00:00): use a smaller offset, or set the campaign's ends later`}},
		{"ends before d_day", strings.Replace(campaign, "milestones:", "ends: 2026-11-10", 1),
			[]string{`t.yaml:6:11: campaigns[0].ends: the campaign ends (2026-11-10 00:00) before or at its d_day (2026-11-11 00:00): use a later date`}},
		{"ack on a channel reminder", campaign + "      - {id: m, name: M, at: D, notify: {channel: true}, ack: {required: true}}\n",
			[]string{`t.yaml:7:74: campaigns[0].milestones[0].ack.required: acknowledgements need people to ask: add from: [@alice, @bob] to ask them on the channel post, or leads: true, users or groups to notify by DM, or remove ack`}},
		{"ack from without required", campaign + "      - {id: m, name: M, at: D, notify: {channel: true}, ack: {from: [alice]}}\n",
			[]string{`t.yaml:7:70: campaigns[0].milestones[0].ack.from: from needs required: true: without it nobody is asked to acknowledge`}},
		{"ack from an unknown user", campaign + "      - {id: m, name: M, at: D, notify: {channel: true}, ack: {required: true, from: [\"@alice\", \"@alicia\"]}}\n",
			[]string{`t.yaml:7:97: campaigns[0].milestones[0].ack.from[1]: unknown user "alicia": did you mean alice? Users are console user names or Slack member IDs like U0123ABCD`}},
		{"ack from without a channel post", campaign + "      - {id: m, name: M, at: D, notify: {users: [alice]}, ack: {required: true, from: [alice]}}\n",
			[]string{`t.yaml:7:87: campaigns[0].milestones[0].ack.from: from asks for acknowledgements on the channel post, but this milestone posts in no channel: set notify.channel: true, or list the people under notify.users`}},
		{"to-do ack from", "todos:\n  ack: {required: true, from_groups: [ops]}\n",
			[]string{`t.yaml:2:38: todos.ack.from_groups: from_groups names who acknowledges a milestone's channel post; a to-do's nudge asks its assignees`}},
		{"bad ack value", campaign + "      - {id: m, name: M, at: D, notify: {users: [alice]}, ack: {required: yes please}}\n",
			[]string{`t.yaml:7:75: campaigns[0].milestones[0].ack.required: bad value "yes please": use true or false`}},
		{"unknown ack key", campaign + "      - {id: m, name: M, at: D, notify: {users: [alice]}, ack: {requried: true}}\n",
			[]string{`t.yaml:7:65: unknown key "requried" in campaigns[0].milestones[0].ack: did you mean "required"?`}},
		{"re-ping without required", campaign + "      - {id: m, name: M, at: D, notify: {users: [alice]}, ack: {reping_after: 2h}}\n",
			[]string{`t.yaml:7:79: campaigns[0].milestones[0].ack.reping_after: reping_after needs required: true: without it nobody is asked to acknowledge`}},
		{"escalation before the re-ping", campaign + "      - {id: m, name: M, at: D, notify: {users: [alice]}, ack: {required: true, reping_after: 2h, escalate_after: 2h}}\n",
			[]string{`t.yaml:7:115: campaigns[0].milestones[0].ack.escalate_after: escalate_after (2h) must be later than reping_after (2h): leads hear after the re-ping has had its chance`,
				`t.yaml:7:115: campaigns[0].milestones[0].ack.escalate_after: the campaign has no leads to tell: add leads to the campaign, or remove escalate_after`}},
		{"to-do ack escalation", "todos:\n  ack: {required: true, escalate_after: 6h}\n",
			[]string{`t.yaml:2:41: todos.ack.escalate_after: to-dos tell the leads when they are overdue: use todos.escalate_after instead`}},
		{"to-do re-ping without required", "todos:\n  ack: {reping_after: 2h}\n",
			[]string{`t.yaml:2:23: todos.ack.reping_after: reping_after needs required: true: without it nobody is asked to acknowledge`}},
		{"duplicate milestone id", campaign + "      - {id: m, name: M, at: D}\n      - {id: m, name: N, at: D-1}\n",
			[]string{`t.yaml:8:14: campaigns[0].milestones[1].id: milestone id "m" is used twice in campaign c: give each milestone its own id`}},
		{"milestone without id", campaign + "      - {name: M, at: D}\n",
			[]string{`t.yaml:7:9: campaigns[0].milestones[0]: id is required: add a short key, like id: registration-closes`}},
		{"notify nobody", campaign + "      - {id: m, name: M, at: D, notify: {channel: false}}\n",
			[]string{`t.yaml:7:41: campaigns[0].milestones[0].notify: nobody would be reminded: set channel: true or leads: true, or list users, groups or channels`}},
		{"notify leads without leads", campaign + "      - {id: m, name: M, at: D, notify: {leads: true}}\n",
			[]string{`t.yaml:7:49: campaigns[0].milestones[0].notify.leads: the campaign has no leads to notify: add leads to the campaign, or remove leads: true`}},
		{"notify unknown user", campaign + "      - {id: m, name: M, at: D, notify: {users: [U0ABC, alicia]}}\n",
			[]string{`t.yaml:7:57: campaigns[0].milestones[0].notify.users[1]: unknown user "alicia": did you mean alice? Users are console user names or Slack member IDs like U0123ABCD`}},
		{"bad template", campaign + "      - {id: m, name: M, at: D, message: \"{{.Owner}}\"}\n",
			[]string{`t.yaml:7:42: campaigns[0].milestones[0].message: bad message template: 1:2: executing "message" at <.Owner>: can't evaluate field Owner in type config.MessageData; the fields are {{.Campaign}}, {{.CampaignID}}, {{.Milestone}}, {{.MilestoneID}}, {{.At}}, {{.DDay}}, {{.Countdown}}, {{.Leads}} and {{.Channel}}`}},
		{"job from after until", "jobs:\n  - {id: j, cron: \"@daily\", channel: c, message: m, from: 2026-11-12, until: 2026-11-12}\n",
			[]string{`t.yaml:2:78: jobs[0].until: until (2026-11-12 00:00) is not after from (2026-11-12 00:00): swap them or fix the dates`}},
		{"job bad cron", "jobs:\n  - {id: j, cron: \"every day\", channel: c, message: m}\n",
			[]string{`t.yaml:2:19: jobs[0].cron: bad cron spec "every day" (expected exactly 5 fields, found 2): use 5 fields (minute hour day-of-month month day-of-week) like "0 9 * * 1-5", optionally after CRON_TZ=Asia/Shanghai, or a descriptor like @daily`}},
		{"duplicate job id", "jobs:\n  - {id: j, cron: \"@daily\", channel: c, message: m}\n  - {id: j, cron: \"@daily\", channel: c, message: m}\n",
			[]string{`t.yaml:3:10: jobs[1].id: job id "j" is used twice: give each job its own id`}},
		{"duplicate command", "slack:\n  commands:\n    kb: /todo\n",
			[]string{`t.yaml:3:9: slack.commands.kb: command /todo is also used by slack.commands.todo: give each command its own name`}},
		{"secret file missing", "slack:\n  bot_token_file: does-not-exist\n",
			[]string{`t.yaml:2:19: slack.bot_token_file: cannot read the secret file: open does-not-exist: no such file or directory`}},
		{"duplicate key", "log:\n  level: info\n  level: debug\n",
			[]string{`t.yaml:3:3: log: duplicate key "level", first set at line 2: keep only one`}},
		{"wrong shape", "campaigns:\n  id: x\n",
			[]string{`t.yaml:2:3: campaigns: expected a list, found a mapping of keys: write a list, like [a, b], or one "- item" per line`}},
		{"top level not a mapping", "- a\n- b\n",
			[]string{`t.yaml:1:1: the file holds a list: it must be a mapping of keys, like timezone: Asia/Shanghai`}},
		{"two documents", "language: en\n---\nlanguage: zh-CN\n",
			[]string{`t.yaml:2:1: a second YAML document starts here, but only the first is read: remove the --- line and merge the documents`}},
		{"yaml syntax", "a: [\n",
			[]string{`t.yaml:1:4: bad YAML: the [ opened here is never closed: add the ] (did not find expected node content)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problemsOf(t, "t.yaml", []byte(tt.yaml)).Error()
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestExampleConfig(t *testing.T) {
	clearEnv(t)
	cfg := mustParse(t, "config.example.yaml", campaignbot.ExampleConfig)
	const want = "config.example.yaml: ok — 1 campaign, 11 milestones, 2 jobs, 10 folders, 4 filing rules, language en, timezone Asia/Shanghai, storage sqlite"
	if got := cfg.Summary(); got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}

	// An empty second document is fine.
	mustParse(t, "two.yaml", []byte("---\nlanguage: en\n---\n"))

	// The embedded example is what runs with no config file at all.
	cfg = mustParse(t, campaignbot.ExampleConfigName, campaignbot.ExampleConfig)
	if cfg.Source != campaignbot.ExampleConfigName {
		t.Errorf("Source = %q", cfg.Source)
	}
	c, ok := cfg.Campaign("double11")
	if !ok {
		t.Fatal("no campaign double11")
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	if want := time.Date(2026, 11, 11, 0, 0, 0, 0, shanghai); !c.DDay.Equal(want) || c.Timezone != "Asia/Shanghai" {
		t.Errorf("DDay = %v %s, want %v", c.DDay, c.Timezone, want)
	}
	if end, _ := cfg.CampaignEnd("double11"); !end.Equal(time.Date(2026, 11, 30, 23, 59, 0, 0, shanghai)) {
		t.Errorf("CampaignEnd = %v", end)
	}
	if !cfg.IsAdmin("wang.fang") || cfg.IsAdmin("bob") {
		t.Errorf("Admins = %v", cfg.Admins)
	}
	if got := fmt.Sprint(cfg.QuietHours); got != "[00:00-09:00 11:30-14:00 21:00-24:00]" {
		t.Errorf("QuietHours = %s", got)
	}
	if cfg.Storage.MaxFileSize != 200<<20 {
		t.Errorf("MaxFileSize = %d", cfg.Storage.MaxFileSize)
	}
	if got := cfg.Jobs[0].Spec; got != "CRON_TZ=Asia/Shanghai 0 9 * * 1-5" {
		t.Errorf("job spec = %q", got)
	}
	data := cfg.KnowledgeBase.Folders[7]
	if data.Path != "Double 11/Data" || !data.Restricted || len(data.Members) != 3 || data.Channels[0] != "double11-data" {
		t.Errorf("data folder = %+v", data)
	}
	if len(cfg.Console.Users) != 6 || cfg.Console.User != "wang.fang" || cfg.Console.Channel != "double11-war-room" {
		t.Errorf("console = %+v", cfg.Console)
	}
}

// TestMilestoneTimes checks that D-relative times follow d_day while
// absolute ones stay put.
func TestMilestoneTimes(t *testing.T) {
	clearEnv(t)
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	at := func(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, shanghai) }
	tests := []struct {
		dday string
		want map[string]time.Time
	}{
		{"2026-11-11 00:00", map[string]time.Time{
			"coupons":             at(2026, 10, 10, 10, 0),
			"declaration-form":    at(2026, 10, 14, 18, 0),
			"preheat-page-design": at(2026, 10, 22, 18, 0),
			"registration-closes": at(2026, 10, 29, 23, 59),
			"warm-up":             at(2026, 10, 31, 20, 0),
			"sale-opens":          at(2026, 11, 11, 0, 0),
			"post-sale-review":    at(2026, 11, 14, 10, 0),
		}},
		{"2026-11-12 20:00", map[string]time.Time{
			"coupons":             at(2026, 10, 10, 10, 0),
			"declaration-form":    at(2026, 10, 15, 18, 0),
			"preheat-page-design": at(2026, 10, 23, 18, 0),
			"registration-closes": at(2026, 10, 29, 23, 59),
			"warm-up":             at(2026, 11, 1, 20, 0),
			"sale-opens":          at(2026, 11, 12, 0, 0),
			"post-sale-review":    at(2026, 11, 15, 10, 0),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.dday, func(t *testing.T) {
			cfg := mustParse(t, "x.yaml", example(t, "d_day: 2026-11-11 00:00", "d_day: "+tt.dday))
			c, _ := cfg.Campaign("double11")
			got := map[string]time.Time{}
			for _, m := range c.Milestones {
				got[m.ID] = m.At
			}
			for id, want := range tt.want {
				if !got[id].Equal(want) {
					t.Errorf("%s at %v, want %v", id, got[id], want)
				}
			}
		})
	}
}

func TestParseAt(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	dday := time.Date(2026, 11, 11, 20, 0, 0, 0, ny)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"D", dday},
		{"D 00:00", time.Date(2026, 11, 11, 0, 0, 0, 0, ny)},
		{"D-3", time.Date(2026, 11, 8, 20, 0, 0, 0, ny)},
		{"D+1 10:00", time.Date(2026, 11, 12, 10, 0, 0, 0, ny)},
		// Across the end of daylight saving time (2026-11-01): calendar days.
		{"D-12 10:00", time.Date(2026, 10, 30, 10, 0, 0, 0, ny)},
		{"D - 12", time.Date(2026, 10, 30, 20, 0, 0, 0, ny)},
		{"2026-10-29", time.Date(2026, 10, 29, 0, 0, 0, 0, ny)},
		{"2026-10-29 23:59", time.Date(2026, 10, 29, 23, 59, 0, 0, ny)},
	}
	for _, tt := range tests {
		got, err := parseAt(tt.in, dday, ny)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseAt(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if got.Hour() != tt.want.Hour() {
			t.Errorf("parseAt(%q) hour = %d, want %d", tt.in, got.Hour(), tt.want.Hour())
		}
	}
	for _, in := range []string{"D-", "D-1x", "D 25:00", "Day", "D-3 9", "2026-10-29 24:00", "29/10/2026"} {
		if _, err := parseAt(in, dday, ny); err == nil {
			t.Errorf("parseAt(%q) succeeded", in)
		}
	}
}

// TestDefaults checks what an empty file means.
func TestDefaults(t *testing.T) {
	clearEnv(t)
	cfg := mustParse(t, "empty.yaml", nil)
	if got, want := cfg.Summary(), "empty.yaml: ok — 0 campaigns, 0 milestones, 0 jobs, 0 folders, 0 filing rules, language en, timezone Asia/Shanghai, storage sqlite"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"language", cfg.Language, campaignbot.English},
		{"admins", fmt.Sprint(cfg.Admins), "[wang.fang]"},
		{"quiet hours", fmt.Sprint(cfg.QuietHours), "[00:00-09:00 11:30-14:00 21:00-24:00]"},
		{"slack", fmt.Sprintf("%+v", cfg.Slack), "{Mode:socket APIURL: BotToken: AppToken: SigningSecret: Commands:{Todo:todo KB:kb Campaign:campaign} PostsPerMinute:500}"},
		{"http", cfg.HTTP.Listen, "127.0.0.1:8080"},
		{"storage", fmt.Sprintf("%+v", cfg.Storage), "{Driver:sqlite DSN:[redacted] Files:data/files MaxFileSize:209715200}"},
		{"dsn", cfg.Storage.DSN.Reveal(), "data/campaignbot.db"},
		{"todos", fmt.Sprintf("%v", cfg.Todos), "{[24h0m0s 2h0m0s] 24h0m0s CRON_TZ=Asia/Shanghai 30 9 * * 1-5 true 1080 540 840 1200 {false 0s 0s [] []}}"},
		{"calendar", fmt.Sprint(cfg.Calendar.Region, cfg.Calendar.Statutory != nil, len(cfg.Calendar.Holidays), len(cfg.Calendar.Workdays)), "CNtrue 0 0"},
		{"move reminders off days off", cfg.MoveReminders, true},
		{"catch up", cfg.Scheduler.CatchUp, 6 * time.Hour},
		{"claim lease", cfg.Scheduler.ClaimLease, 45 * time.Second},
		{"console user", cfg.Console.User, "wang.fang"},
		{"console channel", cfg.Console.Channel, "double11-war-room"},
		{"console users", len(cfg.Console.Users), 6},
		{"private channel", fmt.Sprint(cfg.Console.Channels[4]), "{double11-data true []}"},
		{"real name", cfg.Console.Users[3].RealName, "Alice Zhou 周爱丽"},
		{"log", fmt.Sprint(cfg.Log), "{info auto}"},
		{"slack configured", cfg.Slack.Configured(), false},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}

	// Own console users: the defaults that name wang.fang step aside.
	cfg = mustParse(t, "own.yaml", []byte("console:\n  users: [{name: mei}, {name: tom}]\n  channels: [{name: ops}]\n"))
	if len(cfg.Admins) != 0 || cfg.Console.User != "mei" || cfg.Console.Channel != "ops" {
		t.Errorf("admins %v, console %s #%s; want none, mei #ops", cfg.Admins, cfg.Console.User, cfg.Console.Channel)
	}
}

// TestForeignReferences checks that channels need not be console channels
// and that users may be Slack member IDs.
func TestForeignReferences(t *testing.T) {
	clearEnv(t)
	cfg := mustParse(t, "f.yaml", []byte(`
admins: [U0ADMIN01]
knowledge_base:
  folders:
    - {path: Finance, restricted: true, channels: [C0123ABCD, finance], members: [W0EXT0001, "@bob"]}
campaigns:
  - {id: c, channel: C0WARROOM, leads: [U0LEAD001], d_day: 2026-11-11, milestones: [{id: m, name: M, at: D, notify: {users: [U0X1]}}]}
`))
	f := cfg.KnowledgeBase.Folders[0]
	if fmt.Sprint(f.Channels, f.Members, cfg.Admins) != "[C0123ABCD finance] [W0EXT0001 bob] [U0ADMIN01]" {
		t.Errorf("folder = %+v, admins %v", f, cfg.Admins)
	}
}

// TestMilestoneDefaults checks offsets, notify and message defaults.
// TestMilestoneAck reads a milestone's ack block.
func TestMilestoneAck(t *testing.T) {
	clearEnv(t)
	cfg := mustParse(t, "m.yaml", []byte(`
campaigns:
  - id: c618
    channel: war-room
    leads: [li.na]
    d_day: 2026-06-18
    milestones:
      - id: opens
        name: Opens
        at: D
        notify: {leads: true}
        ack: {required: true, reping_after: 2h, escalate_after: 6h}
`))
	want := campaignbot.AckPolicy{Required: true, RepingAfter: 2 * time.Hour, EscalateAfter: 6 * time.Hour}
	if got := cfg.Campaigns[0].Milestones[0].Ack; !reflect.DeepEqual(got, want) {
		t.Errorf("ack = %+v, want %+v", got, want)
	}
}

func TestMilestoneDefaults(t *testing.T) {
	clearEnv(t)
	cfg := mustParse(t, "m.yaml", []byte(`
campaigns:
  - id: c618
    channel: "#618-war-room"
    timezone: UTC
    d_day: 2026-06-18
    milestones:
      - id: opens
        name: Opens
        at: D
      - id: design
        name: Design
        at: D-3
        notify: {channels: [design]}
quiet_hours: ["21:00-09:00", "08:00-10:00"]
`))
	c := cfg.Campaigns[0]
	if c.Name != "c618" || c.Channel != "618-war-room" || c.Timezone != "UTC" {
		t.Errorf("campaign = %+v", c)
	}
	m := c.Milestones[0]
	if fmt.Sprint(m.Offsets) != "[24h0m0s 0s]" || !m.Notify.Channel || m.Message != DefaultMilestoneMessage {
		t.Errorf("milestone = %+v", m)
	}
	if a := c.Milestones[1].Notify; !a.Channel || fmt.Sprint(a.Channels) != "[design]" {
		t.Errorf("notify = %+v", a)
	}
	if m.Ack.Required {
		t.Errorf("acks are required by default: %+v", m.Ack)
	}
	if got := fmt.Sprint(cfg.QuietHours); got != "[00:00-10:00 21:00-24:00]" {
		t.Errorf("quiet hours = %s", got)
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"0", 0}, {"7d", 7 * 24 * time.Hour}, {"1d", 24 * time.Hour}, {"2h", 2 * time.Hour},
		{"30m", 30 * time.Minute}, {"45s", 45 * time.Second}, {"1d12h", 36 * time.Hour},
		{"1h30m", 90 * time.Minute}, {" 2h ", 2 * time.Hour}, {"-1d", -24 * time.Hour},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in, true)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if back, _ := ParseDuration(FormatDuration(got), true); back != got {
			t.Errorf("FormatDuration(%v) = %q does not parse back", got, FormatDuration(got))
		}
	}
	for _, in := range []string{"", "3x", "d", "1", "1.5h", "2 h", "h2", "-", "--1d", "1d-2h", "99999999999999999d"} {
		if d, err := ParseDuration(in, true); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", in, d)
		}
	}
	if _, err := ParseDuration("-1h", false); err == nil {
		t.Error("ParseDuration(-1h, false) succeeded")
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"200MiB", 200 << 20}, {"100MB", 100e6}, {"1GB", 1e9}, {"1gib", 1 << 30},
		{"512", 512}, {"10 KiB", 10 << 10}, {"3B", 3},
	}
	for _, tt := range tests {
		if got, err := ParseSize(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "MB", "1.5GB", "-1MB", "1XB", "99999999999TiB"} {
		if n, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", in, n)
		}
	}
	if got := FormatSize(200 << 20); got != "200MiB" {
		t.Errorf("FormatSize = %s", got)
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{"a.yaml", 3, 7, "bad"}, "a.yaml:3:7: bad"},
		{Problem{"a.yaml", 3, 0, "bad"}, "a.yaml:3: bad"},
		{Problem{"a.yaml", 0, 0, "bad"}, "a.yaml: bad"},
		{Problem{"CAMPAIGNBOT_LOG_LEVEL", 0, 0, "bad"}, "CAMPAIGNBOT_LOG_LEVEL: bad"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
	ps := Problems{{"b", 1, 1, "x"}, {"a", 9, 1, "y"}, {"a", 2, 5, "z"}, {"a", 2, 3, "w"}}
	ps.Sort()
	if got := ps.Error(); got != "a:2:3: w\na:2:5: z\na:9:1: y\nb:1:1: x" {
		t.Errorf("sorted = %q", got)
	}
}

// TestSchemaDefaults checks that every key an environment variable can set
// has a default, and that every default names a key of the schema.
func TestSchemaDefaults(t *testing.T) {
	d := defaults()
	for _, key := range envKeys() {
		if _, ok := d[key]; !ok {
			t.Errorf("no default for %s", key)
		}
	}
	paths := map[string]bool{}
	for _, p := range schemaPaths() {
		paths[p] = true
	}
	for key := range d {
		if !paths[key] {
			t.Errorf("default for unknown key %s", key)
		}
	}
}

func TestQuietWindow(t *testing.T) {
	ws, err := parseQuietHours("21:30-09:00")
	if err != nil || fmt.Sprint(ws) != "[21:30-24:00 00:00-09:00]" {
		t.Fatalf("parseQuietHours = %v, %v", ws, err)
	}
	at := func(h, m int) time.Time { return time.Date(2026, 11, 1, h, m, 0, 0, time.UTC) }
	for _, tt := range []struct {
		t    time.Time
		want bool
	}{{at(21, 29), false}, {at(21, 30), true}, {at(23, 59), true}, {at(0, 0), true}, {at(8, 59), true}, {at(9, 0), false}} {
		if got := ws[0].Contains(tt.t) || ws[1].Contains(tt.t); got != tt.want {
			t.Errorf("quiet at %s = %v, want %v", tt.t.Format("15:04"), got, tt.want)
		}
	}
}
