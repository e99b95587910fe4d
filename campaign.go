package campaignbot

import "time"

// Campaign is a sales campaign with a D-day (the sale's opening instant)
// and milestones leading up to it.
type Campaign struct {
	// ID is the short key used in commands, e.g. "double11".
	ID   string
	Name string
	// Channel is the campaign's main group.
	Channel ChannelID
	// Leads receive escalations and milestone nudges.
	Leads []UserID
	// DDay is the instant the sale opens.
	DDay time.Time
	// DDayLunar is the lunar date D-day was written as (d_day: {lunar:
	// 正月初一, year: 2027}), shown beside the Gregorian one; it is zero
	// for a Gregorian d_day.
	DDayLunar LunarDate
	// Ends is when the campaign is over; no reminder is planned after it.
	Ends time.Time
	// Timezone is the IANA zone the campaign's times are written in.
	Timezone string
	// Language is the language of the campaign's channel posts and the
	// fallback of people in its channel whose language is unknown; ""
	// means the config's `language`.
	Language   Language
	Milestones []Milestone
	// Progress is the 5-field cron spec (prefixed by CRON_TZ=Zone) of the
	// weekly progress post to Channel; "" posts none.
	Progress string
	// ProgressOnWorkdays (`progress_on: workdays`) posts on working days
	// only, as Job.OnWorkdays runs a job.
	ProgressOnWorkdays bool
	// ReviewFolder is the knowledge-base folder the review (复盘) is saved
	// into (`review.folder`, default "<name>/Review"); its parent, or the
	// folder itself at the top level, holds the campaign's folders, which
	// /campaign archive exports and archives.
	ReviewFolder FolderPath
}

// Milestone is a dated step of a campaign.
type Milestone struct {
	// ID is unique within the campaign, e.g. "registration-closes".
	ID   string
	Name string
	// At is the milestone's instant.
	At time.Time
	// Message is a text/template rendered for the reminders.
	Message string
	// Offsets are how long before At reminders go out; 0 means at At.
	Offsets []time.Duration
	// Notify lists who is reminded.
	Notify Audience
	// Urgent reminders ignore quiet hours.
	Urgent bool
	// Ack asks the people reminded (by DM) to acknowledge each reminder.
	Ack AckPolicy
	// Change is set by MergeOverrides on a milestone added or moved at
	// runtime; nil means the milestone is as the config file has it.
	Change *MilestoneChange
}

// Audience is who a reminder is for.
type Audience struct {
	// Channel posts into the campaign channel (or Channels, when set).
	Channel  bool
	Channels []ChannelID
	// Leads DMs the campaign leads.
	Leads bool
	// Users and Groups are DMed by name.
	Users  []UserID
	Groups []string
}

// Job is a recurring message on a cron schedule.
type Job struct {
	ID string
	// Spec is a 5-field cron spec, optionally prefixed by CRON_TZ=Zone.
	Spec string
	// OnWorkdays (`on: workdays`) runs the job on the calendar's working
	// days only: occurrences on days off are skipped, and a spec that runs
	// on every weekday (day of week * or 1-5) runs on every working day,
	// makeup workdays on a weekend included.
	OnWorkdays bool
	Channel    ChannelID
	Message    string
	// From and Until bound the job; zero means unbounded.
	From  time.Time
	Until time.Time
}
