package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

func TestEnvName(t *testing.T) {
	for key, want := range map[string]string{
		"storage.dsn":          "CAMPAIGNBOT_STORAGE_DSN",
		"slack.mode":           "CAMPAIGNBOT_SLACK_MODE",
		"todos.escalate_after": "CAMPAIGNBOT_TODOS_ESCALATE_AFTER",
		"slack.bot_token":      "CAMPAIGNBOT_SLACK_BOT_TOKEN",
	} {
		if got := EnvName(key); got != want {
			t.Errorf("EnvName(%s) = %s, want %s", key, got, want)
		}
	}
}

// TestEnvOverrides checks that environment variables override keys present
// in the file and keys absent from it, including in null sections.
func TestEnvOverrides(t *testing.T) {
	clearEnv(t)
	t.Setenv("CAMPAIGNBOT_TODOS_ESCALATE_AFTER", "3d")   // absent from the file
	t.Setenv("CAMPAIGNBOT_STORAGE_DSN", "data/other.db") // absent from the file
	t.Setenv("CAMPAIGNBOT_SLACK_MODE", "http")           // in a null section
	t.Setenv("CAMPAIGNBOT_LANGUAGE", "zh-CN")            // present in the file
	t.Setenv("CAMPAIGNBOT_QUIET_HOURS", "00:00-08:00, 22:00-24:00")
	t.Setenv("CAMPAIGNBOT_HTTP_LISTEN", ":9090")
	t.Setenv("CAMPAIGNBOT_TODOS_DIGEST", "") // set but empty: turns the digest off
	t.Setenv("CAMPAIGNBOT_LOG_LEVEL", "")    // set but empty: ignored
	cfg := mustParse(t, "env.yaml", []byte("language: en\nslack:\n  # mode: socket\nstorage:\n  driver: sqlite\ntodos:\n  digest: \"0 9 * * *\"\n"))
	checks := []struct {
		name      string
		got, want any
	}{
		{"escalate_after", cfg.Todos.EscalateAfter, 72 * time.Hour},
		{"dsn", cfg.Storage.DSN.Reveal(), "data/other.db"},
		{"mode", cfg.Slack.Mode, "http"},
		{"language", cfg.Language, campaignbot.Chinese},
		{"quiet hours", fmt.Sprint(cfg.QuietHours), "[00:00-08:00 22:00-24:00]"},
		{"listen", cfg.HTTP.Listen, ":9090"},
		{"commands survive the null section", cfg.Slack.Commands.Todo, "todo"},
		{"digest", cfg.Todos.Digest, ""},
		{"log level", cfg.Log.Level, "info"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

// TestEnvProblems checks that bad values from the environment are reported
// by variable name, along with the file's problems.
func TestEnvProblems(t *testing.T) {
	clearEnv(t)
	t.Setenv("CAMPAIGNBOT_TODOS_ESCALATE_AFTER", "3x")
	t.Setenv("CAMPAIGNBOT_QUIET_HOURS", "00:00-09:00,9-17")
	t.Setenv("CAMPAIGNBOT_TIMEZONE", "Mars/Base")
	got := problemsOf(t, "env.yaml", []byte("log:\n  level: loud\ntodos:\n  escalate_after: 1d\n")).Error()
	want := strings.Join([]string{
		`env.yaml:2:10: log.level: unknown level "loud": use debug, info, warn or error`,
		`CAMPAIGNBOT_QUIET_HOURS: bad quiet hours "9-17": use HH:MM-HH:MM in 24-hour time, like 21:00-24:00`,
		`CAMPAIGNBOT_TIMEZONE: unknown time zone "Mars/Base": use an IANA name like Asia/Shanghai or UTC`,
		`CAMPAIGNBOT_TODOS_ESCALATE_AFTER: bad duration "3x": use a number with s, m, h or d, like 2h or 7d`,
	}, "\n")
	if got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

const (
	botToken      = "xoxb-1234-5678-SECRETbot"
	appToken      = "xapp-1-A1-SECRETapp"
	signingSecret = "0123456789abcdefSECRETsign"
)

// TestSecretsFromEnv checks that credentials come from the environment and
// never show when the config is printed.
func TestSecretsFromEnv(t *testing.T) {
	clearEnv(t)
	t.Setenv("CAMPAIGNBOT_SLACK_BOT_TOKEN", botToken)
	t.Setenv("CAMPAIGNBOT_SLACK_APP_TOKEN", appToken)
	t.Setenv("CAMPAIGNBOT_SLACK_SIGNING_SECRET", signingSecret)
	cfg := mustParse(t, "config.example.yaml", campaignbot.ExampleConfig)
	s := cfg.Slack
	if s.BotToken.Reveal() != botToken || s.AppToken.Reveal() != appToken || s.SigningSecret.Reveal() != signingSecret {
		t.Errorf("secrets not loaded from the environment")
	}
	if !s.Configured() {
		t.Error("Configured() = false")
	}
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		out := fmt.Sprintf(format, cfg) + fmt.Sprintf(format, *cfg) + fmt.Sprintf(format, cfg.Slack)
		for _, secret := range []string{botToken, appToken, signingSecret, "SECRET"} {
			if strings.Contains(out, secret) {
				t.Errorf("fmt %s shows a secret", format)
			}
		}
	}
	if !strings.Contains(fmt.Sprintf("%+v", cfg.Slack), "BotToken:[redacted]") {
		t.Errorf("%%+v does not say the token is redacted: %+v", cfg.Slack)
	}
}

// TestSecretsNeverInProblems checks that no message repeats a credential,
// whether it was written in the file or came from the environment.
func TestSecretsNeverInProblems(t *testing.T) {
	clearEnv(t)
	data, err := os.ReadFile("testdata/invalid/secrets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := problemsOf(t, "secrets.yaml", data).Error()
	for _, secret := range []string{"not-for-logs", "xoxb-", "xapp-", "xoxp-", "8f14e45f", "hunter2"} {
		if strings.Contains(out, secret) {
			t.Errorf("problems show %q:\n%s", secret, out)
		}
	}

	// Tokens swapped between the variables are reported without values.
	t.Setenv("CAMPAIGNBOT_SLACK_BOT_TOKEN", appToken)
	t.Setenv("CAMPAIGNBOT_SLACK_APP_TOKEN", botToken)
	got := problemsOf(t, "swap.yaml", nil).Error()
	want := "CAMPAIGNBOT_SLACK_APP_TOKEN: holds a bot or user token (xox…); the app-level token starts with xapp-, the bot token goes in CAMPAIGNBOT_SLACK_BOT_TOKEN\n" +
		"CAMPAIGNBOT_SLACK_BOT_TOKEN: holds an app-level token (xapp-…); the bot token starts with xoxb-, the app token goes in CAMPAIGNBOT_SLACK_APP_TOKEN"
	if got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(got, "SECRET") {
		t.Error("problems show a secret")
	}
}

// TestSecretFiles checks slack.*_file, relative to the config file.
func TestSecretFiles(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bot"), []byte(botToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "app"), []byte(appToken), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "empty"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "campaignbot.yaml")
	cfg := mustParse(t, name, []byte("slack:\n  bot_token_file: bot\n  app_token_file: "+filepath.Join(dir, "app")+"\n"))
	if cfg.Slack.BotToken.Reveal() != botToken || cfg.Slack.AppToken.Reveal() != appToken {
		t.Error("secrets not read from their files")
	}

	t.Setenv("CAMPAIGNBOT_SLACK_BOT_TOKEN", botToken)
	got := problemsOf(t, name, []byte("slack:\n  bot_token_file: bot\n  signing_secret_file: empty\n")).Error()
	want := name + ":2:19: slack.bot_token_file: set either CAMPAIGNBOT_SLACK_BOT_TOKEN or slack.bot_token_file, not both\n" +
		name + ":3:24: slack.signing_secret_file: the secret file " + filepath.Join(dir, "empty") + " is empty"
	if got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

// TestResolve checks the lookup order: flag, CAMPAIGNBOT_CONFIG,
// ./campaignbot.yaml, the embedded example.
func TestResolve(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	t.Chdir(dir)
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	path, data, err := Resolve("")
	if err != nil || path != campaignbot.ExampleConfigName || string(data) != string(campaignbot.ExampleConfig) {
		t.Errorf("no file: Resolve = %q, %v; want the embedded example", path, err)
	}
	cfg, err := Load("")
	if err != nil || cfg.Source != campaignbot.ExampleConfigName {
		t.Errorf("no file: Load = %v", err)
	}

	write("campaignbot.yaml", "language: zh-CN\n")
	if path, _, err := Resolve(""); err != nil || path != "campaignbot.yaml" {
		t.Errorf("./campaignbot.yaml: Resolve = %q, %v", path, err)
	}
	if cfg, err := Load(""); err != nil || cfg.Language != campaignbot.Chinese {
		t.Errorf("./campaignbot.yaml: Load = %v, %v", cfg, err)
	}

	write("env.yaml", "language: en\n")
	t.Setenv(EnvConfig, "env.yaml")
	if path, data, err := Resolve(""); err != nil || path != "env.yaml" || string(data) != "language: en\n" {
		t.Errorf("CAMPAIGNBOT_CONFIG: Resolve = %q, %v", path, err)
	}

	write("flag.yaml", "log:\n  level: debug\n")
	if path, _, err := Resolve("flag.yaml"); err != nil || path != "flag.yaml" {
		t.Errorf("flag: Resolve = %q, %v", path, err)
	}

	_, _, err = Resolve("missing.yaml")
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "config file missing.yaml (named on the command line) does not exist") {
		t.Errorf("missing flag file: err = %v", err)
	}
	t.Setenv(EnvConfig, "gone.yaml")
	_, _, err = Resolve("")
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "config file gone.yaml (named by CAMPAIGNBOT_CONFIG) does not exist") {
		t.Errorf("missing env file: err = %v", err)
	}
	if _, err := Load(""); err == nil {
		t.Error("Load with a missing file succeeded")
	}

	// An invalid file gives Problems.
	write("bad.yaml", "language: fr\n")
	_, err = Load("bad.yaml")
	var ps Problems
	if !errors.As(err, &ps) || ps.Error() != `bad.yaml:1:11: language: unknown language "fr": use one of en, zh-CN, zh-TW, ja` {
		t.Errorf("Load(bad.yaml) = %v", err)
	}
}
