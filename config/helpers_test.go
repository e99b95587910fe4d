package config

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
)

// clearEnv unsets every CAMPAIGNBOT_ variable for the test, so that the
// environment of the machine running the tests cannot change the results.
// The variables are restored when the test ends.
func clearEnv(t *testing.T) {
	t.Helper()
	names := []string{EnvConfig}
	for _, key := range envKeys() {
		names = append(names, EnvName(key))
	}
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "CAMPAIGNBOT_") {
			names = append(names, name)
		}
	}
	for _, name := range names {
		t.Setenv(name, "") // restores the old value after the test
		if err := os.Unsetenv(name); err != nil {
			t.Fatal(err)
		}
	}
}

// mustParse parses data and fails the test on any problem.
func mustParse(t *testing.T, name string, data []byte) *Config {
	t.Helper()
	cfg, err := Parse(name, data)
	if err != nil {
		t.Fatalf("Parse(%s) failed:\n%v", name, err)
	}
	return cfg
}

// problemsOf parses data and returns its problems, failing the test when
// it is valid or fails otherwise.
func problemsOf(t *testing.T, name string, data []byte) Problems {
	t.Helper()
	cfg, err := Parse(name, data)
	if err == nil {
		t.Fatalf("Parse(%s) succeeded, want problems", name)
	}
	if cfg != nil {
		t.Errorf("Parse(%s) returned a config along with an error", name)
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Parse(%s) error is %T, want Problems: %v", name, err, err)
	}
	return ps
}

// example returns the embedded example with the replacements old→new made.
func example(t *testing.T, oldNew ...string) []byte {
	t.Helper()
	s := string(campaignbot.ExampleConfig)
	for i := 0; i+1 < len(oldNew); i += 2 {
		if !strings.Contains(s, oldNew[i]) {
			t.Fatalf("example config has no %q", oldNew[i])
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	return []byte(s)
}
