package slackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Envelope types of Socket Mode.
const (
	EventsAPI     = "events_api"
	SlashCommands = "slash_commands"
	Interactive   = "interactive"
)

// socketState is the Socket Mode side of the fake; it shares Server.mu.
type socketState struct {
	conn      *wsConn
	opened    int // connections accepted so far
	nextEnv   int
	order     []string
	envelopes map[string]*envelope
	pingEvery time.Duration
	noPings   bool
	upgrader  websocket.Upgrader
}

// envelope is one Socket Mode delivery and its acknowledgement.
type envelope struct {
	id       string
	typ      string
	payload  json.RawMessage
	accepts  bool
	attempts int // deliveries written so far
	acked    bool
	ack      json.RawMessage
}

// wsConn is a websocket with serialized writes.
type wsConn struct {
	mu   sync.Mutex
	ws   *websocket.Conn
	done chan struct{}
}

func (c *wsConn) writeJSON(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return c.ws.WriteJSON(v)
}

func (s *socketState) init() {
	s.envelopes = map[string]*envelope{}
	s.pingEvery = 200 * time.Millisecond
	// slack-go dials with Origin https://api.slack.com, as Slack expects.
	s.upgrader.CheckOrigin = func(r *http.Request) bool {
		o := r.Header.Get("Origin")
		return o == "" || o == "https://api.slack.com"
	}
}

// closeAll drops the current connection.
func (s *Server) closeAll() {
	s.mu.Lock()
	c := s.socket.conn
	s.mu.Unlock()
	if c != nil {
		c.ws.Close()
	}
}

// socketURL is the wss URL apps.connections.open hands out.
func (s *Server) socketURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return "ws" + strings.TrimPrefix(s.base, "http") + fmt.Sprintf("/socket?ticket=%d", s.socket.opened+1)
}

// serveSocket accepts a Socket Mode websocket: hello first, then every
// envelope not yet acknowledged, then pings until the connection ends.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	ws, err := s.socket.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &wsConn{ws: ws, done: make(chan struct{})}
	s.mu.Lock()
	if old := s.socket.conn; old != nil {
		old.ws.Close()
	}
	s.socket.conn = c
	s.socket.opened++
	n := s.socket.opened
	var pending []*envelope
	for _, id := range s.socket.order {
		if e := s.socket.envelopes[id]; !e.acked {
			pending = append(pending, e)
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
	c.writeJSON(map[string]any{"type": "hello", "num_connections": n,
		"debug_info":      map[string]any{"host": "applink-fake", "build_number": 1, "approximate_connection_time": 3600},
		"connection_info": map[string]any{"app_id": AppID}})
	for _, e := range pending {
		s.write(c, e, "timeout")
	}
	go s.ping(c)
	defer func() {
		close(c.done)
		ws.Close()
		s.mu.Lock()
		if s.socket.conn == c {
			s.socket.conn = nil
		}
		s.notifyLocked()
		s.mu.Unlock()
	}()
	for {
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := ws.ReadJSON(&ack); err != nil {
			return
		}
		s.mu.Lock()
		if e, ok := s.socket.envelopes[ack.EnvelopeID]; ok {
			e.acked = true
			e.ack = ack.Payload
			s.notifyLocked()
		}
		s.mu.Unlock()
	}
}

// ping sends websocket pings until the connection ends or pings stop.
func (s *Server) ping(c *wsConn) {
	t := time.NewTicker(s.socket.pingEvery)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			s.mu.Lock()
			off := s.socket.noPings
			s.mu.Unlock()
			if off {
				continue
			}
			c.mu.Lock()
			err := c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
			c.mu.Unlock()
			if err != nil {
				return
			}
		}
	}
}

// write delivers e over c, counting the attempt.
func (s *Server) write(c *wsConn, e *envelope, reason string) {
	s.mu.Lock()
	attempt := e.attempts
	e.attempts++
	s.mu.Unlock()
	msg := map[string]any{"envelope_id": e.id, "type": e.typ, "payload": e.payload,
		"accepts_response_payload": e.accepts, "retry_attempt": attempt, "retry_reason": ""}
	if attempt > 0 {
		msg["retry_reason"] = reason
	}
	c.writeJSON(msg)
}

// Deliver sends an envelope of type typ (EventsAPI, SlashCommands or
// Interactive) with payload over the current connection, or on the next
// connection when there is none, and returns its envelope_id.
func (s *Server) Deliver(typ string, payload any) string {
	raw, err := json.Marshal(payload)
	if err != nil {
		panic(fmt.Sprintf("slackfake: marshal payload: %v", err))
	}
	s.mu.Lock()
	s.socket.nextEnv++
	e := &envelope{id: fmt.Sprintf("env-%04d-%s", s.socket.nextEnv, strings.Repeat("f", 8)), typ: typ, payload: raw,
		accepts: typ != EventsAPI}
	s.socket.envelopes[e.id] = e
	s.socket.order = append(s.socket.order, e.id)
	c := s.socket.conn
	s.mu.Unlock()
	if c != nil {
		s.write(c, e, "")
	}
	return e.id
}

// Redeliver sends envelope id again with the next retry_attempt, as Slack
// does when it thinks the ack came too late.
func (s *Server) Redeliver(id string) {
	s.mu.Lock()
	e, c := s.socket.envelopes[id], s.socket.conn
	s.mu.Unlock()
	if e != nil && c != nil {
		s.write(c, e, "timeout")
	}
}

// Acked reports whether envelope id was acknowledged, and the ack payload.
func (s *Server) Acked(id string) (bool, json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.socket.envelopes[id]
	if !ok {
		return false, nil
	}
	return e.acked, e.ack
}

// Attempts is how many times envelope id was written.
func (s *Server) Attempts(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.socket.envelopes[id]; ok {
		return e.attempts
	}
	return 0
}

// Connections is how many websocket connections were accepted, and
// whether one is open now.
func (s *Server) Connections() (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.socket.opened, s.socket.conn != nil
}

// Disconnect sends a disconnect request with reason ("warning",
// "refresh_requested", "too_many_websockets"), as Slack does before it
// rotates a connection.
func (s *Server) Disconnect(reason string) {
	s.mu.Lock()
	c := s.socket.conn
	s.mu.Unlock()
	if c != nil {
		c.writeJSON(map[string]any{"type": "disconnect", "reason": reason,
			"debug_info": map[string]any{"host": "applink-fake"}})
	}
}

// Drop closes the current connection abruptly, like a lost network.
func (s *Server) Drop() {
	s.mu.Lock()
	c := s.socket.conn
	s.mu.Unlock()
	if c != nil {
		c.ws.Close()
	}
}

// SetPings turns the server's websocket pings on or off.
func (s *Server) SetPings(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.socket.noPings = !on
}
