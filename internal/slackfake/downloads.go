package slackfake

import (
	"bytes"
	"fmt"
	"net/http"
	"time"
)

// DownloadFault is an injected failure of one file download.
type DownloadFault struct {
	// Status answers this HTTP status (e.g. 503, 429) instead of bytes.
	Status int
	// RetryAfter is sent as the Retry-After header (seconds) with Status.
	RetryAfter int
	// BreakAfter sends this many bytes of the file, then drops the
	// connection, like a download that broke off.
	BreakAfter int
}

// FailDownload queues faults for the downloads of file id; each download
// takes the first one left.
func (s *Server) FailDownload(id string, faults ...DownloadFault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.downloadFaults == nil {
		s.downloadFaults = map[string][]DownloadFault{}
	}
	s.downloadFaults[id] = append(s.downloadFaults[id], faults...)
}

// takeDownloadFault pops the next fault of file id.
func (s *Server) takeDownloadFault(id string) (DownloadFault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.downloadFaults[id]
	if len(q) == 0 {
		return DownloadFault{}, false
	}
	s.downloadFaults[id] = q[1:]
	return q[0], true
}

// writeFile answers a download of f: a queued fault, or the bytes,
// honouring Range requests as Slack's file servers do.
func (s *Server) writeFile(w http.ResponseWriter, r *http.Request, f File) {
	fault, faulty := s.takeDownloadFault(f.ID)
	switch {
	case faulty && fault.Status != 0:
		if fault.RetryAfter > 0 {
			w.Header().Set("Retry-After", fmt.Sprint(fault.RetryAfter))
		}
		http.Error(w, "fault", fault.Status)
		return
	case faulty && fault.BreakAfter > 0:
		w.Header().Set("Content-Type", f.Mimetype)
		w.Header().Set("Content-Length", fmt.Sprint(len(f.Bytes)))
		w.WriteHeader(http.StatusOK)
		w.Write(f.Bytes[:min(fault.BreakAfter, len(f.Bytes))])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		panic(http.ErrAbortHandler) // drops the connection mid-body
	}
	s.mu.Lock()
	s.downloads++
	s.notifyLocked()
	s.mu.Unlock()
	w.Header().Set("Content-Type", f.Mimetype)
	http.ServeContent(w, r, f.Name, time.Unix(1700000000, 0), bytes.NewReader(f.Bytes))
}

// botSeesFile reports whether the bot may see f: it was shared in no
// channel the fake knows of, in a public channel, or in one the bot is in.
func (s *Server) botSeesFile(f File) bool {
	if len(f.Channels) == 0 {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range f.Channels {
		if c, ok := s.channels[id]; !ok || !c.IsPrivate || c.IsMember {
			return true
		}
	}
	return false
}
