package config

import (
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
)

// TestReviewFolderConfig checks campaigns[].review.folder: the folder
// given, the default "<name>/Review" (or "<id>/Review" when the name
// makes no folder path), and a bad path reported at its FILE:LINE:COL.
func TestReviewFolderConfig(t *testing.T) {
	clearEnv(t)
	const campaign = "campaigns:\n  - id: c\n    name: %s\n    channel: war-room\n    d_day: 2026-11-11 00:00\n"
	ok := []struct {
		name, yaml string
		want       campaignbot.FolderPath
	}{
		{"given", strings.Replace(campaign, "%s", "Double 11", 1) + "    review: {folder: \" Double 11/复盘/ \"}\n", "Double 11/复盘"},
		{"default from the name", strings.Replace(campaign, "%s", "Double 11 双十一", 1), "Double 11 双十一/Review"},
		{"default from the id", strings.Replace(campaign, "%s", "\"a//b\"", 1), "c/Review"},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustParse(t, "ok.yaml", []byte(tt.yaml)).Campaigns[0].ReviewFolder; got != tt.want {
				t.Errorf("review folder %q, want %q", got, tt.want)
			}
		})
	}
	bad := []struct {
		name, yaml, want string
	}{
		{"empty part", strings.Replace(campaign, "%s", "C", 1) + "    review:\n      folder: Double 11//Review\n",
			`t.yaml:7:15: campaigns[0].review.folder: bad folder path "Double 11//Review": The folder path "Double 11//Review" has an empty part (two slashes in a row).`},
		{"dot dot", strings.Replace(campaign, "%s", "C", 1) + "    review: {folder: Double 11/../Review}\n",
			`t.yaml:6:22: campaigns[0].review.folder: bad folder path "Double 11/../Review": Folder names cannot be "..".`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			got := problemsOf(t, "t.yaml", []byte(tt.yaml)).Error()
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("problems:\n%s\nwant a line starting:\n%s", got, tt.want)
			}
		})
	}
	if got := mustParse(t, "example.yaml", campaignbot.ExampleConfig).Campaigns[0].ReviewFolder; got != "Double 11/Review" {
		t.Errorf("the example's review folder is %q", got)
	}
}
