package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/campaignbot/campaignbot"
)

// TestValidFixtures checks that every testdata/valid file parses.
func TestValidFixtures(t *testing.T) {
	clearEnv(t)
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		mustParse(t, file, data)
	}
}

// TestAnchors checks that merge keys reach the values.
func TestAnchors(t *testing.T) {
	clearEnv(t)
	data, err := os.ReadFile("testdata/valid/anchors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := mustParse(t, "anchors.yaml", data)
	ms := cfg.Campaigns[0].Milestones
	if len(ms) != 3 || ms[1].ID != "registration" || len(ms[1].Offsets) != 2 || !ms[1].Notify.Leads || !ms[2].Urgent || ms[0].Urgent {
		t.Errorf("milestones = %+v", ms)
	}
	if cfg.KnowledgeBase.Unfiled != "LNY" || len(cfg.KnowledgeBase.Folders[1].Members) != 2 {
		t.Errorf("knowledge base = %+v", cfg.KnowledgeBase)
	}
}

// FuzzParse checks that Parse never panics and returns either a config or
// Problems.
func FuzzParse(f *testing.F) {
	f.Add(campaignbot.ExampleConfig)
	for _, pattern := range []string{"testdata/*.yaml", "testdata/*/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("fuzz.yaml", data)
		switch {
		case err == nil && cfg == nil:
			t.Fatal("no config and no error")
		case err != nil && cfg != nil:
			t.Fatal("a config and an error")
		case err != nil:
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not Problems: %v", err)
			}
		default:
			_ = cfg.Summary()
		}
	})
}

// TestParseConcurrent parses from several goroutines at once; run it with
// -race.
func TestParseConcurrent(t *testing.T) {
	clearEnv(t)
	done := make(chan error)
	for range 4 {
		go func() {
			_, err := Parse("x.yaml", campaignbot.ExampleConfig)
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
