package config

import (
	"regexp"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
)

// idRE is a campaign, milestone or job id.
var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// CampaignEnd returns when the campaign with the given id ends: its `ends`
// date, or d_day plus DefaultCampaignDays.
func (c *Config) CampaignEnd(id string) (time.Time, bool) {
	cp, ok := c.Campaign(id)
	if !ok || cp.Ends.IsZero() {
		return time.Time{}, false
	}
	return cp.Ends, true
}

func (b *builder) campaigns() {
	ids := map[string]bool{}
	for i, rc := range b.raw.Campaigns {
		p := index("campaigns", i)
		c := campaignbot.Campaign{ID: strings.TrimSpace(rc.ID), Name: strings.TrimSpace(rc.Name)}
		switch {
		case c.ID == "":
			b.r.at(p, "id is required: add a short key used in commands, like id: double11")
		case !idRE.MatchString(c.ID):
			b.r.at(p+".id", "bad id %s: use lowercase letters, digits, - and _, like double11", quote(c.ID))
		case ids[c.ID]:
			b.r.at(p+".id", "campaign id %s is used twice: give each campaign its own id", quote(c.ID))
		}
		ids[c.ID] = true
		if c.Name == "" {
			c.Name = c.ID
		}
		if strings.TrimSpace(rc.Channel) == "" {
			b.r.at(p, "channel is required: name the campaign's main group, like channel: double11-war-room")
		} else if ch, ok := b.channel(p+".channel", rc.Channel); ok {
			c.Channel = ch
		}
		c.Leads = b.userList(p+".leads", rc.Leads)

		loc := b.cfg.Timezone
		c.Timezone = loc.String()
		if tz := strings.TrimSpace(rc.Timezone); tz != "" {
			if l, err := loadZone(tz); err != nil {
				b.r.at(p+".timezone", "%v", err)
			} else {
				loc, c.Timezone = l, tz
			}
		}

		if strings.TrimSpace(rc.Language) != "" {
			if l, ok := b.languageAt(p+".language", rc.Language); ok {
				c.Language = l
			}
		}

		if d, lunar, ok := b.dday(p+".d_day", rc.DDay, loc); ok {
			c.DDay, c.DDayLunar = d, lunar
		}

		var ends time.Time
		if !c.DDay.IsZero() {
			ends = c.DDay.AddDate(0, 0, DefaultCampaignDays)
		}
		if strings.TrimSpace(rc.Ends) != "" {
			e, err := parseDateTime(b.r.literal(p+".ends", rc.Ends), loc)
			switch {
			case err != nil:
				b.r.at(p+".ends", "%v", err)
			case !c.DDay.IsZero() && !e.After(c.DDay):
				b.r.at(p+".ends", "the campaign ends (%s) before or at its d_day (%s): use a later date", formatTime(e, loc), formatTime(c.DDay, loc))
			default:
				ends = e
			}
		}
		c.Ends = ends
		if strings.TrimSpace(rc.Progress) != "" {
			if spec, err := parseCron(rc.Progress, loc.String()); err != nil {
				b.r.at(p+".progress", "%v", err)
			} else {
				c.Progress = spec
			}
		}
		c.ProgressOnWorkdays = b.onWorkdays(p+".progress_on", rc.ProgressOn)
		c.ReviewFolder = b.reviewFolder(p+".review.folder", rc.Review.Folder, c)

		milestones := map[string]bool{}
		for j, rm := range rc.Milestones {
			m, ok := b.milestone(index(p+".milestones", j), rm, &c, loc, ends)
			if !ok {
				continue
			}
			if milestones[m.ID] {
				b.r.at(index(p+".milestones", j)+".id", "milestone id %s is used twice in campaign %s: give each milestone its own id", quote(m.ID), c.ID)
				continue
			}
			milestones[m.ID] = true
			c.Milestones = append(c.Milestones, m)
		}
		b.cfg.Campaigns = append(b.cfg.Campaigns, c)
	}
}

func (b *builder) milestone(p string, rm rawMilestone, c *campaignbot.Campaign, loc *time.Location, ends time.Time) (campaignbot.Milestone, bool) {
	m := campaignbot.Milestone{ID: strings.TrimSpace(rm.ID), Name: strings.TrimSpace(rm.Name)}
	ok := true
	switch {
	case m.ID == "":
		b.r.at(p, "id is required: add a short key, like id: registration-closes")
		ok = false
	case !idRE.MatchString(m.ID):
		b.r.at(p+".id", "bad id %s: use lowercase letters, digits, - and _, like registration-closes", quote(m.ID))
		ok = false
	}
	if m.Name == "" {
		b.r.at(p, "name is required: say what happens, like name: Product registration closes 商品报名截止")
	}

	at := strings.TrimSpace(rm.At)
	if at == "" {
		b.r.at(p, "at is required: give a date like 2026-10-29 23:59 or a time relative to d_day like D-12 10:00")
	} else if t, err := parseAt(b.r.literal(p+".at", at), c.DDay, loc); err != nil {
		if !strings.HasPrefix(at, "D") || !c.DDay.IsZero() || strings.HasPrefix(err.Error(), "bad") {
			b.r.at(p+".at", "%v", err)
		}
	} else {
		m.At = t
		if !ends.IsZero() && t.After(ends) {
			b.r.at(p+".at", "the milestone (%s) is after the campaign ends (%s): move it, or set the campaign's ends later", formatTime(t, loc), formatTime(ends, loc))
		}
	}

	m.Message = strings.TrimSpace(rm.Message)
	if m.Message == "" {
		m.Message = DefaultMilestoneMessage
	} else if err := checkMessageTemplate(m.Message); err != nil {
		b.r.at(p+".message", "%v", err)
	}

	offsets := rm.Offsets
	if !b.r.given(p + ".offsets") {
		offsets = defaultOffsets
	}
	seen := map[time.Duration]bool{}
	for k, s := range offsets {
		op := index(p+".offsets", k)
		d, err := ParseDuration(s, true)
		switch {
		case err != nil:
			b.r.at(op, "%v (a negative offset like -1d reminds after the milestone)", err)
			continue
		case seen[d]:
			b.r.at(op, "offset %s is listed twice", FormatDuration(d))
			continue
		}
		seen[d] = true
		m.Offsets = append(m.Offsets, d)
		if !m.At.IsZero() && !ends.IsZero() && !m.At.After(ends) && m.At.Add(-d).After(ends) {
			b.r.at(op, "offset %s puts a reminder at %s, after the campaign ends (%s): use a smaller offset, or set the campaign's ends later", FormatDuration(d), formatTime(m.At.Add(-d), loc), formatTime(ends, loc))
		}
	}

	m.Urgent = b.boolean(p+".urgent", rm.Urgent, false)
	m.Notify = b.audience(p+".notify", rm.Notify, c)
	m.Ack = b.ack(p+".ack", rm.Ack, c)
	from := len(m.Ack.From) > 0 || len(m.Ack.FromGroups) > 0
	switch {
	case from && !m.Notify.Channel:
		b.r.at(p+".ack.from", "from asks for acknowledgements on the channel post, but this milestone posts in no channel: set notify.channel: true, or list the people under notify.users")
	case m.Ack.Required && !from && !m.Notify.Leads && len(m.Notify.Users) == 0 && len(m.Notify.Groups) == 0:
		b.r.at(p+".ack.required", "acknowledgements need people to ask: add from: [@alice, @bob] to ask them on the channel post, or leads: true, users or groups to notify by DM, or remove ack")
	}
	return m, ok
}

// audience reads notify; absent, it means the campaign channel.
func (b *builder) audience(p string, rn rawNotify, c *campaignbot.Campaign) campaignbot.Audience {
	if !b.r.given(p) {
		return campaignbot.Audience{Channel: true}
	}
	a := campaignbot.Audience{
		Channel: b.boolean(p+".channel", rn.Channel, false),
		Leads:   b.boolean(p+".leads", rn.Leads, false),
		Users:   b.userList(p+".users", rn.Users),
		Groups:  trimList(rn.Groups),
	}
	for i, ch := range rn.Channels {
		if id, ok := b.channel(index(p+".channels", i), ch); ok {
			a.Channels = append(a.Channels, id)
		}
	}
	// Audience.Channel with Channels posts into those channels instead of
	// the campaign channel, so listing channels implies channel: true.
	if len(a.Channels) > 0 {
		if b.r.given(p+".channel") && !a.Channel {
			b.r.at(p+".channel", "channel: false would ignore the channels listed: remove it (listed channels replace the campaign channel)")
		}
		a.Channel = true
	}
	if a.Leads && len(c.Leads) == 0 {
		b.r.at(p+".leads", "the campaign has no leads to notify: add leads to the campaign, or remove leads: true")
	}
	if !a.Channel && !a.Leads && len(rn.Users) == 0 && len(a.Groups) == 0 && len(rn.Channels) == 0 {
		b.r.at(p, "nobody would be reminded: set channel: true or leads: true, or list users, groups or channels")
	}
	return a
}

func (b *builder) jobs() {
	ids := map[string]bool{}
	loc := b.cfg.Timezone
	for i, rj := range b.raw.Jobs {
		p := index("jobs", i)
		j := campaignbot.Job{ID: strings.TrimSpace(rj.ID), Message: strings.TrimSpace(rj.Message)}
		switch {
		case j.ID == "":
			b.r.at(p, "id is required: add a short key, like id: standup")
		case !idRE.MatchString(j.ID):
			b.r.at(p+".id", "bad id %s: use lowercase letters, digits, - and _, like standup", quote(j.ID))
		case ids[j.ID]:
			b.r.at(p+".id", "job id %s is used twice: give each job its own id", quote(j.ID))
		}
		ids[j.ID] = true
		if strings.TrimSpace(rj.Cron) == "" {
			b.r.at(p, "cron is required: %s", cronHint)
		} else if spec, err := parseCron(rj.Cron, loc.String()); err != nil {
			b.r.at(p+".cron", "%v", err)
		} else {
			j.Spec = spec
		}
		j.OnWorkdays = b.onWorkdays(p+".on", rj.On)
		if strings.TrimSpace(rj.Channel) == "" {
			b.r.at(p, "channel is required: name where the message goes, like channel: double11-war-room")
		} else if ch, ok := b.channel(p+".channel", rj.Channel); ok {
			j.Channel = ch
		}
		if j.Message == "" {
			b.r.at(p, "message is required: write what the job posts")
		}
		j.From = b.optionalTime(p+".from", rj.From, loc)
		j.Until = b.optionalTime(p+".until", rj.Until, loc)
		if !j.From.IsZero() && !j.Until.IsZero() && !j.From.Before(j.Until) {
			b.r.at(p+".until", "until (%s) is not after from (%s): swap them or fix the dates", formatTime(j.Until, loc), formatTime(j.From, loc))
		}
		b.cfg.Jobs = append(b.cfg.Jobs, j)
	}
}

// optionalTime parses an optional date; empty means zero.
func (b *builder) optionalTime(p, s string, loc *time.Location) time.Time {
	if strings.TrimSpace(s) == "" {
		return time.Time{}
	}
	t, err := parseDateTime(b.r.literal(p, s), loc)
	if err != nil {
		b.r.at(p, "%v", err)
	}
	return t
}
