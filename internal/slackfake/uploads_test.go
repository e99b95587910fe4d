package slackfake

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// postUpload POSTs body to upload_url with contentType and returns the
// status and answer.
func postUpload(t *testing.T, s *Server, uploadURL, contentType string, body []byte) (int, string) {
	t.Helper()
	resp, err := s.Client().Post(uploadURL, contentType, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// multipartFile is body as the file part of a multipart form.
func multipartFile(t *testing.T, name string, body []byte) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(body)
	mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

// TestUploadFlowAsSlackDoes: getUploadURLExternal hands out an id and an
// upload_url on the fake's own server; the bytes must be exactly the
// announced length; completeUploadExternal refuses ids never handed out
// or not uploaded, and shares the file into the DM, where history and
// Files show it.
func TestUploadFlowAsSlackDoes(t *testing.T) {
	s := NewInProcess(t)
	s.AddUser(User{ID: "U0ALICE", Name: "alice"})
	data := []byte("PK zip bytes of the export")

	if _, _, out := callIn(t, s, "files.getUploadURLExternal", url.Values{"filename": {"a.zip"}, "length": {"0"}}); out["error"] != "missing_argument" {
		t.Errorf("length 0: %v, want missing_argument", out)
	}
	_, _, out := callIn(t, s, "files.getUploadURLExternal", url.Values{"filename": {"Double 11.zip"}, "length": {"26"}})
	uploadURL, _ := out["upload_url"].(string)
	id, _ := out["file_id"].(string)
	if out["ok"] != true || !strings.HasPrefix(uploadURL, s.URL()+"/") || id == "" {
		t.Fatalf("getUploadURLExternal: %v", out)
	}

	// Completing before the bytes arrived, or an unknown id, is file_not_found.
	for _, files := range []string{`[{"id":"` + id + `"}]`, `[{"id":"F0NEVER"}]`} {
		if _, _, out := callIn(t, s, "files.completeUploadExternal", url.Values{"files": {files}, "channel_id": {"U0ALICE"}}); out["error"] != "file_not_found" {
			t.Errorf("complete %s: %v, want file_not_found", files, out)
		}
	}
	// Too few bytes are refused and do not count as uploaded.
	if code, _ := postUpload(t, s, uploadURL, "application/octet-stream", data[:10]); code != http.StatusBadRequest {
		t.Errorf("short upload answered %d, want 400", code)
	}
	if _, _, out := callIn(t, s, "files.completeUploadExternal", url.Values{"files": {`[{"id":"` + id + `"}]`}}); out["error"] != "file_not_found" {
		t.Errorf("complete after a short upload: %v, want file_not_found", out)
	}
	ct, body := multipartFile(t, "Double 11.zip", data)
	if code, answer := postUpload(t, s, uploadURL, ct, body); code != http.StatusOK || answer != "OK - 26" {
		t.Fatalf("upload answered %d %q", code, answer)
	}
	_, _, opened := callIn(t, s, "conversations.open", url.Values{"users": {"U0ALICE"}})
	dm := opened["channel"].(map[string]any)["id"].(string)
	_, _, out = callIn(t, s, "files.completeUploadExternal", url.Values{"files": {`[{"id":"` + id + `","title":"Export"}]`},
		"channel_id": {dm}, "initial_comment": {"Your export"}})
	if out["ok"] != true {
		t.Fatalf("complete: %v", out)
	}
	files := s.Files("U0ALICE")
	if len(files) != 1 || files[0].ID != id || files[0].Title != "Export" || !bytes.Equal(files[0].Bytes, data) || files[0].Mimetype != "application/zip" {
		t.Fatalf("files in the DM: %+v", files)
	}
	_, _, hist := callIn(t, s, "conversations.history", url.Values{"channel": {dm}})
	msgs, _ := hist["messages"].([]any)
	if len(msgs) != 1 || msgs[0].(map[string]any)["text"] != "Your export" || msgs[0].(map[string]any)["files"] == nil {
		t.Errorf("history of the DM: %v", hist)
	}
	// The shared file is a file like any other; completing it again is
	// file_not_found.
	if _, _, out := callIn(t, s, "files.info", url.Values{"file": {id}}); out["ok"] != true {
		t.Errorf("files.info of the shared file: %v", out)
	}
	if _, _, out := callIn(t, s, "files.completeUploadExternal", url.Values{"files": {`[{"id":"` + id + `"}]`}}); out["error"] != "file_not_found" {
		t.Errorf("second complete: %v, want file_not_found", out)
	}
}

// TestUploadLimits: a length above the workspace's limit is refused when
// the URL is asked for, and injected faults reach the upload step.
func TestUploadLimits(t *testing.T) {
	s := NewInProcess(t)
	s.SetMaxUpload(100)
	if _, _, out := callIn(t, s, "files.getUploadURLExternal", url.Values{"filename": {"big.zip"}, "length": {"101"}}); out["error"] != "file_upload_size_restricted" {
		t.Errorf("101 bytes over a 100-byte limit: %v", out)
	}
	_, _, out := callIn(t, s, "files.getUploadURLExternal", url.Values{"filename": {"ok.zip"}, "length": {"3"}})
	s.Fail(UploadMethod, Fault{Status: http.StatusServiceUnavailable})
	if code, _ := postUpload(t, s, out["upload_url"].(string), "application/octet-stream", []byte("abc")); code != http.StatusServiceUnavailable {
		t.Errorf("faulted upload answered %d", code)
	}
	if code, _ := postUpload(t, s, out["upload_url"].(string), "application/octet-stream", []byte("abc")); code != http.StatusOK {
		t.Errorf("upload after the fault answered %d", code)
	}
	if got := len(s.Calls(UploadMethod)); got != 2 {
		t.Errorf("%d upload calls recorded, want 2", got)
	}
}
