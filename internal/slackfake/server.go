package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Credentials of the fake workspace.
const (
	BotToken  = "xoxb-fake-bot-token"
	AppToken  = "xapp-fake-app-token"
	Secret    = "fake-signing-secret"
	TeamID    = "T0FAKE"
	BotUserID = "UBOT"
	BotID     = "BBOT"
	AppID     = "A0FAKE"
)

// Call is one Web API call the fake received.
type Call struct {
	// Method is the API method, e.g. "chat.postMessage".
	Method string
	// Params are the form values, or the top-level fields of a JSON body
	// rendered as strings (objects and arrays as JSON).
	Params url.Values
	// Body is the raw request body.
	Body []byte
	// Status is the HTTP status answered; Error the Slack error, if any.
	Status int
	Error  string
}

// Fault is an injected failure of one call.
type Fault struct {
	// Status is the HTTP status to answer, e.g. 429 or 503; 0 means 200.
	Status int
	// RetryAfter is sent as the Retry-After header (seconds) with 429.
	RetryAfter int
	// Error answers 200 {"ok":false,"error":Error}.
	Error string
	// Delay is a slow answer: the call takes effect as usual (a message is
	// posted), and only the answer is held back this long, as when Slack
	// answers after the client's timeout. With Status or Error the failure
	// is answered after the delay, and nothing takes effect.
	Delay time.Duration
	// EffectAfter is a slow effect: Slack takes this long to carry the call
	// out (to post the message), whether or not the client still waits,
	// and answers after that.
	EffectAfter time.Duration
	// AfterEffect makes a Status or Error fault come after the call took
	// effect, as when Slack's edge answers 502 or 504 although the backend
	// posted the message.
	AfterEffect bool
}

// User is a workspace member as users.info returns it.
type User struct {
	ID       string
	Name     string
	RealName string
	// TZ is the IANA zone; "" means Asia/Shanghai. Locale is like "zh-CN";
	// "" means en-US.
	TZ      string
	Locale  string
	IsBot   bool
	Deleted bool
}

// Channel is a conversation as conversations.info returns it.
type Channel struct {
	ID        string
	Name      string
	IsPrivate bool
	IsIM      bool
	// IsMember is whether the bot is in it; posting elsewhere fails with
	// not_in_channel, and private channels it is not in are hidden from
	// conversations.list and conversations.members.
	IsMember bool
	// IsArchived hides the channel from conversations.list with
	// exclude_archived.
	IsArchived bool
	// Members are the user ids conversations.members returns.
	Members []string
}

// Group is a user group as usergroups.list returns it.
type Group struct {
	ID     string
	Handle string
	Name   string
	// Members are the user ids usergroups.users.list returns.
	Members []string
}

// File is a shared file; its bytes are served at url_private_download.
type File struct {
	ID       string
	Name     string
	Title    string
	Mimetype string
	Bytes    []byte
	// Size is announced by files.info; 0 means len(Bytes).
	Size int64
	User string
	// Channels are where the file was shared. A file shared only in
	// private channels the bot is not in is hidden from it, as on Slack:
	// files.info answers file_not_found and the download 404.
	Channels []string
}

// Server is the fake Slack. Create it with New, or NewInProcess for tests
// in a testing/synctest bubble.
type Server struct {
	// srv is the loopback listener, nil in process; base is the URL every
	// address the fake hands out starts with.
	srv     *httptest.Server
	base    string
	handler http.Handler
	// now is the fake's clock, which rate limits and rules read.
	now func() time.Time

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every recorded change
	calls    []Call
	faults   map[string][]Fault
	users    map[string]User
	channels map[string]Channel
	groups   map[string]Group
	// pageSize caps the items of one page of a paginated list; 0 means
	// only the caller's limit does.
	pageSize int
	files    map[string]File
	// deletedFiles are the ids of files deleted by DeleteFile.
	deletedFiles map[string]bool
	downloads    int
	nextTS       int64
	responses    []Response
	// history holds the messages posted into each channel, oldest first.
	history map[string][]Message
	// limits are the rate limits enforced and paces their state; rules
	// are the windowed faults.
	limits Limits
	paces  map[string]time.Time
	rules  []Rule
	// views and downloadFaults are kept by views.go and downloads.go.
	views          []map[string]any
	downloadFaults map[string][]DownloadFault
	// uploads are the files announced with files.getUploadURLExternal
	// and not yet completed; maxUpload is the largest length accepted
	// (uploads.go).
	uploads    map[string]*upload
	nextUpload int
	maxUpload  int64

	socket socketState
}

// Response is a message posted to a response_url.
type Response struct {
	// ID is the response_url's last path element.
	ID   string
	Body map[string]any
}

// New starts a fake Slack on a loopback listener with the bot user and
// Slack's rate limits (DefaultLimits), closed when the test ends.
func New(t interface{ Cleanup(func()) }) *Server {
	s := newServer()
	s.srv = httptest.NewServer(s.handler)
	s.base = s.srv.URL
	t.Cleanup(s.Close)
	return s
}

// NewInProcess returns a fake Slack without a listener: Client's requests
// are served in the caller's process by direct calls, so a test inside a
// testing/synctest bubble runs the adapter and the fake on the bubble's
// virtual clock (rate limits, Retry-After and slow answers included).
// Socket Mode, which needs a real websocket, is not served.
func NewInProcess(t interface{ Cleanup(func()) }) *Server {
	s := newServer()
	s.base = "http://slack.fake.invalid"
	t.Cleanup(s.closeAll)
	return s
}

// newServer returns a fake without a listener.
func newServer() *Server {
	s := &Server{
		changed:  make(chan struct{}),
		faults:   map[string][]Fault{},
		users:    map[string]User{BotUserID: {ID: BotUserID, Name: "campaignbot", RealName: "campaignbot", IsBot: true}},
		channels: map[string]Channel{},
		groups:   map[string]Group{},
		files:    map[string]File{},
		history:  map[string][]Message{},
		now:      time.Now,
		limits:   DefaultLimits(),
		paces:    map[string]time.Time{},
		uploads:  map[string]*upload{},

		maxUpload: DefaultMaxUpload,
	}
	s.socket.init()
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("/files/", s.serveFile)
	mux.HandleFunc("/upload/", s.serveUpload)
	mux.HandleFunc("/response/", s.serveResponse)
	mux.HandleFunc("/socket", s.serveSocket)
	s.handler = mux
	return s
}

// Close stops the server and drops websocket connections.
func (s *Server) Close() {
	s.closeAll()
	if s.srv != nil {
		s.srv.CloseClientConnections()
		s.srv.Close()
	}
}

// URL is the server's base URL.
func (s *Server) URL() string { return s.base }

// APIURL is what slack.api_url is set to: URL + "/api/".
func (s *Server) APIURL() string { return s.base + "/api/" }

// ResponseURL returns a response_url served by the fake.
func (s *Server) ResponseURL(id string) string { return s.base + "/response/" + id }

// SetClock makes the fake read time from now (rate limits, rule windows
// and message timestamps), e.g. the clock a test gives the adapter.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// clock returns the current time of the fake's clock.
func (s *Server) clock() time.Time {
	s.mu.Lock()
	now := s.now
	s.mu.Unlock()
	return now()
}

// AddUser adds a workspace member.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
}

// AddChannel adds a conversation.
func (s *Server) AddChannel(c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[c.ID] = c
}

// AddGroup adds a user group with its members and no handle.
func (s *Server) AddGroup(id string, members ...string) {
	s.AddUserGroup(Group{ID: id, Members: members})
}

// AddUserGroup adds a user group, replacing one with the same id.
func (s *Server) AddUserGroup(g Group) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g.Name == "" {
		g.Name = g.Handle
	}
	s.groups[g.ID] = g
}

// SetPageSize caps how many items one page of conversations.list and
// conversations.members holds, whatever limit the caller asks for, so
// tests can exercise cursor pagination; 0 removes the cap.
func (s *Server) SetPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pageSize = n
}

// AddFile adds a shared file and returns its JSON as events carry it.
func (s *Server) AddFile(f File) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Size == 0 {
		f.Size = int64(len(f.Bytes))
	}
	s.files[f.ID] = f
	return s.fileJSON(f)
}

// DeleteFile deletes a file, as its owner deleting it in Slack does:
// files.info then answers file_deleted and the download 404.
func (s *Server) DeleteFile(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.files, id)
	if s.deletedFiles == nil {
		s.deletedFiles = map[string]bool{}
	}
	s.deletedFiles[id] = true
}

// fileJSON renders f as Slack's file object.
func (s *Server) fileJSON(f File) map[string]any {
	return map[string]any{
		"id":                   f.ID,
		"created":              1700000000,
		"timestamp":            1700000000,
		"name":                 f.Name,
		"title":                f.Title,
		"mimetype":             f.Mimetype,
		"filetype":             strings.TrimPrefix(f.Name[strings.LastIndexByte(f.Name, '.')+1:], "."),
		"pretty_type":          "File",
		"user":                 f.User,
		"mode":                 "hosted",
		"size":                 f.Size,
		"is_external":          false,
		"is_public":            true,
		"url_private":          s.base + "/files/" + f.ID + "/" + url.PathEscape(f.Name),
		"url_private_download": s.base + "/files/" + f.ID + "/download/" + url.PathEscape(f.Name),
		"permalink":            "https://fake.slack.com/files/" + f.User + "/" + f.ID,
	}
}

// Fail queues faults for method; each call consumes the first one left.
func (s *Server) Fail(method string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], faults...)
}

// Calls returns the recorded calls of method, or of every method for "".
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Delivered returns the successful calls of method.
func (s *Server) Delivered(method string) []Call {
	var out []Call
	for _, c := range s.Calls(method) {
		if c.Status == http.StatusOK && c.Error == "" {
			out = append(out, c)
		}
	}
	return out
}

// Responses returns what was posted to response_urls.
func (s *Server) Responses() []Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Response(nil), s.responses...)
}

// Downloads counts file downloads that were served bytes.
func (s *Server) Downloads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.downloads
}

// notifyLocked wakes Wait callers; s.mu is held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Wait blocks until cond returns true, re-checking it after every change
// the fake records, or fails when ctx ends first.
func (s *Server) Wait(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("slackfake: condition not met: %w", ctx.Err())
		}
	}
}

// record stores a call and wakes waiters.
func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	s.notifyLocked()
}

// takeFault pops the next fault of method.
func (s *Server) takeFault(method string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[method]
	if len(q) == 0 {
		return Fault{}, false
	}
	s.faults[method] = q[1:]
	return q[0], true
}

// newTS returns a fresh message timestamp: the current time in
// microseconds, as Slack's are, and strictly increasing.
func (s *Server) newTS() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextTS = max(s.nextTS+100, s.now().UnixMicro())
	return fmt.Sprintf("%d.%06d", s.nextTS/1000000, s.nextTS%1000000)
}

// serveResponse records a post to a response_url.
func (s *Server) serveResponse(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&body); err != nil {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	if blocks, ok := body["blocks"].([]any); ok {
		if code := checkBlockList(blocks); code != "" {
			http.Error(w, code, http.StatusBadRequest)
			return
		}
	}
	s.mu.Lock()
	s.responses = append(s.responses, Response{ID: strings.TrimPrefix(r.URL.Path, "/response/"), Body: body})
	s.notifyLocked()
	s.mu.Unlock()
	w.Write([]byte("ok"))
}

// serveFile serves file bytes to requests bearing the bot token.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/files/")
	id, _, _ := strings.Cut(rest, "/")
	if r.Header.Get("Authorization") != "Bearer "+BotToken {
		// Slack answers an HTML login page when the token is missing.
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "<!DOCTYPE html><html><body>Sign in to Slack</body></html>")
		return
	}
	s.mu.Lock()
	f, ok := s.files[id]
	s.mu.Unlock()
	if !ok || !s.botSeesFile(f) {
		http.NotFound(w, r)
		return
	}
	s.writeFile(w, r, f)
}

// RenameChannel gives a conversation a new name, as a member renaming it
// in Slack does; its id stays.
func (s *Server) RenameChannel(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channels[id]
	if !ok {
		return
	}
	c.Name = name
	s.channels[id] = c
	s.notifyLocked()
}
