package config

import (
	"errors"
	"fmt"
	"strings"
	"text/template"
)

// MessageData is what a milestone's message template is rendered with.
// Every field is already formatted for the configured language, so a
// template such as "{{.Milestone}} {{.Countdown}}: {{.Leads}}" reads well
// as is. Load checks each template by rendering it with sample data, so a
// template naming any other field is a configuration problem.
type MessageData struct {
	// Campaign and CampaignID are the campaign's name and id.
	Campaign   string
	CampaignID string
	// Milestone and MilestoneID are the milestone's name and id.
	Milestone   string
	MilestoneID string
	// At is the milestone's time, e.g. "2026-10-29 23:59".
	At string
	// DDay is the campaign's D-day, e.g. "2026-11-11 00:00".
	DDay string
	// Countdown says how far away the milestone is, e.g. "in 7 days",
	// "in 2 hours" or "now".
	Countdown string
	// Leads mentions the campaign leads, e.g. "@li.na @chen.jie".
	Leads string
	// Channel mentions the campaign channel, e.g. "#double11-war-room".
	Channel string
}

// DefaultMilestoneMessage is the template of milestones without a message.
const DefaultMilestoneMessage = "*{{.Milestone}}* ({{.Campaign}}): {{.Countdown}}, {{.At}}"

// sampleMessageData fills every field, to try templates out.
var sampleMessageData = MessageData{
	Campaign: "Double 11", CampaignID: "double11",
	Milestone: "Registration closes", MilestoneID: "registration-closes",
	At: "2026-10-29 23:59", DDay: "2026-11-11 00:00", Countdown: "in 7 days",
	Leads: "@li.na @chen.jie", Channel: "#double11-war-room",
}

// errTooLong stops rendering a template that writes too much.
var errTooLong = errors.New("the message is longer than 40000 characters")

// limitWriter fails once more than n bytes were written.
type limitWriter struct{ n int }

func (w *limitWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errTooLong
	}
	return len(p), nil
}

// checkMessageTemplate parses text as a text/template and renders it with
// sample data.
func checkMessageTemplate(text string) error {
	t, err := template.New("message").Option("missingkey=error").Parse(text)
	if err != nil {
		return fmt.Errorf("bad message template: %s; %s", trimTemplateError(err), templateHint)
	}
	if err := t.Execute(&limitWriter{n: 40000}, sampleMessageData); err != nil {
		return fmt.Errorf("bad message template: %s; %s", trimTemplateError(err), templateHint)
	}
	return nil
}

const templateHint = "the fields are {{.Campaign}}, {{.CampaignID}}, {{.Milestone}}, {{.MilestoneID}}, {{.At}}, {{.DDay}}, {{.Countdown}}, {{.Leads}} and {{.Channel}}"

// trimTemplateError drops the "template: message:" prefix.
func trimTemplateError(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "template: ")
	s = strings.TrimPrefix(s, "message:")
	return s
}
