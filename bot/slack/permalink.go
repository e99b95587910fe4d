package slack

import (
	"net/url"
	"strings"
)

// workspaceURL normalises the url auth.test reports
// ("https://double11.slack.com/") to end with a slash; "" when Slack sent
// none or it is not an absolute URL.
func workspaceURL(s string) string {
	u, err := url.Parse(s)
	if s == "" || err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s
}

// permalink builds a message's permalink locally, in the shape
// chat.getPermalink returns: <workspace url>archives/<channel>/p<ts without
// the dot>, and for a thread reply ?thread_ts=<parent ts>&cid=<channel>.
// It returns "" when the workspace URL, the channel or the ts is unknown.
func (a *Adapter) permalink(channel, ts, threadTS string) string {
	if a.teamURL == "" || channel == "" || ts == "" {
		return ""
	}
	link := a.teamURL + "archives/" + url.PathEscape(channel) + "/p" + strings.Replace(ts, ".", "", 1)
	if threadTS != "" && threadTS != ts {
		link += "?thread_ts=" + url.QueryEscape(threadTS) + "&cid=" + url.QueryEscape(channel)
	}
	return link
}
