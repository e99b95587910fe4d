package handlers_test

import (
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
)

func exampleConfig(t testing.TB) *config.Config {
	t.Helper()
	cfg, err := config.Parse(campaignbot.ExampleConfigName, campaignbot.ExampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestMatchingRules(t *testing.T) {
	rules := exampleConfig(t).KnowledgeBase.Rules
	design := campaignbot.Channel{ID: "double11-design", Name: "double11-design"}
	slackDesign := campaignbot.Channel{ID: "C024BE7LR", Name: "double11-design"}
	data := campaignbot.Channel{ID: "double11-data", Name: "double11-data", Private: true}
	general := campaignbot.Channel{ID: "general", Name: "general"}
	tests := []struct {
		name    string
		channel campaignbot.Channel
		file    string
		want    campaignbot.FolderPath
		ok      bool
	}{
		{"design glob in design channel", design, "主视觉-v2.PSD", "Double 11/Design", true},
		{"channel matched by name on Slack", slackDesign, "banner.png", "Double 11/Design", true},
		{"design glob elsewhere does not match", general, "banner.png", "", false},
		{"Chinese keyword anywhere", general, "双11报名表.xlsx", "Double 11/Registration", true},
		{"English keyword is case-insensitive", general, "Gold-Rush REGISTRATION.docx", "Double 11/Registration", true},
		{"first matching rule wins", design, "报名 banner.png", "Double 11/Design", true},
		{"data sheet in data channel", data, "conversion.csv", "Double 11/Data", true},
		{"data sheet elsewhere", general, "conversion.csv", "", false},
		{"plan keyword", general, "双11活动方案.pdf", "Double 11/Planning", true},
		{"nothing matches", general, "notes.txt", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			matches := handlers.MatchingRules(rules, tt.channel, tt.file)
			var got campaignbot.FolderPath
			if len(matches) > 0 {
				got = matches[0].Folder
			}
			if got != tt.want || len(matches) > 0 != tt.ok {
				t.Errorf("first of MatchingRules(%s, %q) = %q (%d matches); want %q, %v", tt.channel.Name, tt.file, got, len(matches), tt.want, tt.ok)
			}
		})
	}
	if matches := handlers.MatchingRules([]config.FilingRule{{Globs: []string{"[bad"}, Folder: "X"}}, general, "a"); len(matches) > 0 {
		t.Error("a malformed glob matched")
	}
	if matches := handlers.MatchingRules(rules, data, "报名转化数据.csv"); len(matches) != 2 || matches[1].Folder != "Double 11/Data" {
		t.Errorf("every matching rule, in order: %+v", matches)
	}
}
