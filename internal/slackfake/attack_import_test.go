package slackfake

import (
	"net/url"
	"testing"
)

// TestAttackImport_RepliesOfAReplyStartWithParent: Slack's
// conversations.replies takes the ts "of either a thread's parent
// message or a message in the thread" and answers the whole thread,
// parent first. The fake answers a reply's ts with the reply alone, so
// the adapter's ReadMessage (limit 1, then msgs[0].ts == ts) looks right
// in tests while, against Slack, `/todo import LINK` with the link of
// notes posted as a thread reply (…/p1700000250000100?thread_ts=…) gets
// the parent, sees another ts and answers "I can't find that message".
func TestAttackImport_RepliesOfAReplyStartWithParent(t *testing.T) {
	s := New(t)
	s.AddUser(User{ID: "U1", Name: "alice"})
	s.AddChannel(Channel{ID: "C1", Name: "general", IsMember: true})
	s.AddMessage("C1", Message{TS: "1700000200.000100", User: "U1", Text: "kickoff", ThreadTS: "1700000200.000100"})
	s.AddMessage("C1", Message{TS: "1700000250.000100", User: "U1", Text: "会议纪要 - @alice 完成预热页 周五前", ThreadTS: "1700000200.000100"})
	got := texts(api(t, s, "conversations.replies", url.Values{"channel": {"C1"}, "ts": {"1700000250.000100"}, "limit": {"1"}, "inclusive": {"true"}}))
	if len(got) != 1 || got[0] != "kickoff" {
		t.Errorf("conversations.replies of a reply's ts answered %q; Slack answers the thread, parent first: [kickoff]", got)
	}
}
