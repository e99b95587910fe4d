package console

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// TestAttachmentWrittenToAFile: a message with an attachment (the
// progress chart) is printed, its file written into FileDir, replacing
// one of the same name, and its path printed under the message; a name
// with folders in it stays inside FileDir.
func TestAttachmentWrittenToAFile(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	cfg := exampleConfig(t)
	a, err := New(Options{In: strings.NewReader(""), Out: &out, Config: func() *config.Config { return cfg }, FileDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file string
		data       string
	}{
		{"chart", "double11-progress-2026-10-25.png", "PNG one"},
		{"same name replaced", "double11-progress-2026-10-25.png", "PNG two"},
		{"folders dropped", "../../etc/chart.png", "PNG three"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out.Reset()
			_, err := a.Send(context.Background(), campaignbot.Recipient{Channel: "double11-war-room"}, campaignbot.OutgoingMessage{
				Text: "progress", Attachment: &campaignbot.Attachment{Name: tt.file, Title: "Double 11 progress", Data: []byte(tt.data)}})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, filepath.Base(tt.file))
			if got, err := os.ReadFile(path); err != nil || string(got) != tt.data {
				t.Errorf("%s holds %q: %v", path, got, err)
			}
			want := "[#double11-war-room] campaignbot: progress\n  [Double 11 progress] " + path + "\n"
			if out.String() != want {
				t.Errorf("printed %q, want %q", out.String(), want)
			}
		})
	}
}
