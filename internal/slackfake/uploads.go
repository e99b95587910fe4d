package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// UploadMethod is the name under which uploads of bytes to an upload_url
// are recorded (Calls) and take faults (Fail): it is not a Web API method,
// but the second step of Slack's upload flow.
const UploadMethod = "upload"

// DefaultMaxUpload is Slack's limit on one file: 1 GB.
const DefaultMaxUpload = 1 << 30

// upload is a file announced with files.getUploadURLExternal and not yet
// completed.
type upload struct {
	id, name string
	length   int64
	// bytes are what was POSTed to the upload_url; uploaded says whether
	// a POST of exactly length bytes arrived.
	bytes    []byte
	uploaded bool
}

// SetMaxUpload changes the largest length files.getUploadURLExternal
// accepts (DefaultMaxUpload), as a workspace that restricts large uploads
// does.
func (s *Server) SetMaxUpload(n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxUpload = n
}

// getUploadURL answers files.getUploadURLExternal: a file id and an
// upload_url on the fake's own server, for a file of the announced length.
func (s *Server) getUploadURL(p url.Values) (map[string]any, string) {
	name := p.Get("filename")
	length, err := strconv.ParseInt(p.Get("length"), 10, 64)
	switch {
	case name == "" || p.Get("length") == "":
		return nil, "invalid_arguments"
	case err != nil || length <= 0:
		// Slack: "Typically only occurs when the length provided is 0."
		return nil, "missing_argument"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if length > s.maxUpload {
		return nil, "file_upload_size_restricted"
	}
	s.nextUpload++
	id := fmt.Sprintf("F0UP%05d", s.nextUpload)
	s.uploads[id] = &upload{id: id, name: name, length: length}
	return map[string]any{"upload_url": s.base + "/upload/v1/" + id, "file_id": id}, ""
}

// serveUpload takes the bytes of an announced file, POSTed raw or as the
// file part of a multipart form (as -F file=@name sends them). Slack
// answers "OK - <length>" as text; bytes that are not exactly the announced
// length are refused (400) and leave the file not uploaded. The upload_url
// needs no token, but bearing one is allowed.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/v1/")
	call := Call{Method: UploadMethod, Params: url.Values{"file_id": {id}}, Status: http.StatusOK}
	if f, faulty := s.takeFault(UploadMethod); faulty && f.Status != 0 {
		wait(r, f.Delay)
		s.answerFault(w, call, f)
		return
	}
	if r.Method != http.MethodPost {
		call.Status = http.StatusMethodNotAllowed
		s.record(call)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.mu.Lock()
	up, ok := s.uploads[id]
	var length int64
	if ok {
		length = up.length
	}
	s.mu.Unlock()
	if !ok {
		call.Status = http.StatusNotFound
		s.record(call)
		http.NotFound(w, r)
		return
	}
	data, err := readUpload(r, length)
	call.Params.Set("length", strconv.Itoa(len(data)))
	if err != nil || int64(len(data)) != length {
		call.Status = http.StatusBadRequest
		if err == nil {
			call.Error = fmt.Sprintf("received %d bytes, announced %d", len(data), length)
		} else {
			call.Error = err.Error()
		}
		s.record(call)
		http.Error(w, "length mismatch", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	up.bytes, up.uploaded = data, true
	s.mu.Unlock()
	s.record(call)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "OK - %d", len(data))
}

// readUpload reads the file's bytes from a raw or multipart body, at most
// length+1 of them (enough to see a mismatch).
func readUpload(r *http.Request, length int64) ([]byte, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return io.ReadAll(io.LimitReader(r.Body, length+1))
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, fmt.Errorf("no file part: %w", err)
		}
		if part.FileName() == "" {
			continue
		}
		return io.ReadAll(io.LimitReader(part, length+1))
	}
}

// completeUpload answers files.completeUploadExternal: every listed file
// must have been uploaded in full (file_not_found otherwise, also for an
// id Slack never handed out or one already completed). With channel_id
// the files are shared there as one message carrying initial_comment, and
// appear in the conversation's history and in Files; without, they stay
// private to the bot.
func (s *Server) completeUpload(p url.Values) (map[string]any, string) {
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if json.Unmarshal([]byte(p.Get("files")), &files) != nil || len(files) == 0 {
		return nil, "invalid_arguments"
	}
	channel := s.resolve(p.Get("channel_id"))
	if channel != "" {
		if code := s.checkPost(channel); code != "" {
			return nil, code
		}
	}
	s.mu.Lock()
	for _, f := range files {
		if up, ok := s.uploads[f.ID]; !ok || !up.uploaded {
			s.mu.Unlock()
			return nil, "file_not_found"
		}
	}
	var shared []File
	var out []any
	for _, f := range files {
		up := s.uploads[f.ID]
		delete(s.uploads, f.ID)
		title := f.Title
		if title == "" {
			title = up.name
		}
		file := File{ID: up.id, Name: up.name, Title: title, Mimetype: mimeOf(up.name), Bytes: up.bytes,
			Size: int64(len(up.bytes)), User: BotUserID}
		if channel != "" {
			file.Channels = []string{channel}
		}
		s.files[file.ID] = file
		shared = append(shared, file)
		out = append(out, map[string]any{"id": file.ID, "title": title})
	}
	s.mu.Unlock()
	if channel != "" {
		ts := s.newTS()
		s.mu.Lock()
		if strings.HasPrefix(channel, "U") {
			channel, _ = s.openDMLocked(channel)
		}
		s.appendLocked(channel, Message{TS: ts, User: BotUserID, BotID: BotID, Text: p.Get("initial_comment"),
			ThreadTS: p.Get("thread_ts"), Files: shared})
		s.mu.Unlock()
	}
	return map[string]any{"files": out}, ""
}

// mimeOf guesses a file's type from its name, as Slack does; zip is
// named here, as not every system's MIME table knows it.
func mimeOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		if strings.EqualFold(name[i:], ".zip") {
			return "application/zip"
		}
		if t := mime.TypeByExtension(name[i:]); t != "" {
			return t
		}
	}
	return "application/octet-stream"
}

// Files returns the files shared into channel (a user id means the bot's
// DM with the user), oldest first, with their bytes.
func (s *Server) Files(channel string) []File {
	var out []File
	for _, m := range s.Messages(channel) {
		out = append(out, m.Files...)
	}
	return out
}
