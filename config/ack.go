package config

import (
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
)

// ack reads an ack: block at path p, of the campaign c. Re-pings and escalations
// need required: true, and an escalation comes after the re-ping.
func (b *builder) ack(p string, raw rawAck, c *campaignbot.Campaign) campaignbot.AckPolicy {
	a := campaignbot.AckPolicy{
		Required:      b.boolean(p+".required", raw.Required, false),
		RepingAfter:   b.optionalDuration(p+".reping_after", raw.RepingAfter),
		EscalateAfter: b.optionalDuration(p+".escalate_after", raw.EscalateAfter),
	}
	if !a.Required {
		for _, key := range []string{"reping_after", "escalate_after", "from", "from_groups"} {
			if b.r.given(p + "." + key) {
				b.r.at(p+"."+key, "%s needs required: true: without it nobody is asked to acknowledge", key)
			}
		}
		return campaignbot.AckPolicy{}
	}
	a.From = b.userList(p+".from", raw.From)
	a.FromGroups = trimList(raw.FromGroups)
	if a.RepingAfter > 0 && a.EscalateAfter > 0 && a.EscalateAfter <= a.RepingAfter {
		b.r.at(p+".escalate_after", "escalate_after (%s) must be later than reping_after (%s): leads hear after the re-ping has had its chance",
			FormatDuration(a.EscalateAfter), FormatDuration(a.RepingAfter))
	}
	if a.EscalateAfter > 0 && len(c.Leads) == 0 {
		b.r.at(p+".escalate_after", "the campaign has no leads to tell: add leads to the campaign, or remove escalate_after")
	}
	return a
}

// optionalDuration parses a duration that cannot be negative; absent
// (empty) means 0.
func (b *builder) optionalDuration(path, s string) time.Duration {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	return b.duration(path, s)
}

// todoAck reads todos.ack: required and reping_after. An overdue to-do
// already tells the leads (todos.escalate_after), so escalate_after is
// refused here.
func (b *builder) todoAck(raw rawAck) campaignbot.AckPolicy {
	const p = "todos.ack"
	if strings.TrimSpace(raw.EscalateAfter) != "" {
		b.r.at(p+".escalate_after", "to-dos tell the leads when they are overdue: use todos.escalate_after instead")
		raw.EscalateAfter = ""
	}
	for _, key := range []string{"from", "from_groups"} {
		if b.r.given(p + "." + key) {
			b.r.at(p+"."+key, "%s names who acknowledges a milestone's channel post; a to-do's nudge asks its assignees", key)
		}
	}
	raw.From, raw.FromGroups = nil, nil
	return b.ack(p, raw, &campaignbot.Campaign{})
}
