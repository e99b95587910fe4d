package slackfake

import (
	"net/url"
	"testing"
)

// TestDeletedFilesAndMessages: a deleted file is file_deleted to
// files.info, a file shared only where the bot is not is file_not_found,
// and a deleted message is gone from conversations.replies.
func TestDeletedFilesAndMessages(t *testing.T) {
	s := NewInProcess(t)
	s.SetLimits(NoLimits())
	s.AddChannel(Channel{ID: "C0WAR", Name: "double11-war-room", IsMember: true})
	s.AddChannel(Channel{ID: "C0HUSH", Name: "hush", IsPrivate: true})
	s.AddFile(File{ID: "F0NOTES", Name: "kickoff.md", Bytes: []byte("- @alice 完成预热页")})
	if _, _, out := callIn(t, s, "files.info", url.Values{"file": {"F0NOTES"}}); out["ok"] != true {
		t.Fatalf("files.info: %v", out)
	}
	s.AddFile(File{ID: "F0NOTES", Name: "kickoff.md", Bytes: []byte("x"), Channels: []string{"C0HUSH"}})
	if _, _, out := callIn(t, s, "files.info", url.Values{"file": {"F0NOTES"}}); out["error"] != "file_not_found" {
		t.Errorf("files.info of a file restricted to #hush: %v", out)
	}
	s.DeleteFile("F0NOTES")
	if _, _, out := callIn(t, s, "files.info", url.Values{"file": {"F0NOTES"}}); out["error"] != "file_deleted" {
		t.Errorf("files.info of a deleted file: %v", out)
	}
	ts := s.AddMessage("C0WAR", Message{User: "U0BOB", Text: "notes"})
	if _, _, out := callIn(t, s, "conversations.replies", url.Values{"channel": {"C0WAR"}, "ts": {ts}}); out["ok"] != true {
		t.Fatalf("replies: %v", out)
	}
	s.DeleteMessage("C0WAR", ts)
	if _, _, out := callIn(t, s, "conversations.replies", url.Values{"channel": {"C0WAR"}, "ts": {ts}}); out["error"] != "thread_not_found" {
		t.Errorf("replies of a deleted message: %v", out)
	}
}
