package review

import (
	"time"

	"github.com/campaignbot/campaignbot"
)

// Report is a compiled review: only what the campaign channel's members
// may all see is named in it.
type Report struct {
	Campaign campaignbot.Campaign
	// At is the instant the review measures; Location and Language are the
	// zone and language it is written in.
	At       time.Time
	Location *time.Location
	Language campaignbot.Language
	Progress campaignbot.Progress
	// Milestones are the campaign's milestones, earliest first, with how
	// their reminders went.
	Milestones []MilestoneLine
	// Owners and Departments count the to-dos; Departments holds the named
	// channels only, PrivateDepartments the rest together.
	Owners             []Group
	Departments        []Group
	PrivateDepartments Group
	// Overdue lists the to-dos that were or still are late, longest first
	// (at most MaxOverdue); a to-do that may not be named has no Title.
	Overdue []OverdueLine
	// Folders are the open folders that got files during the campaign;
	// Restricted counts the rest.
	Folders    []FolderLine
	Restricted HiddenFiles
	// Chart is the progress chart as a PNG; nil when none was drawn.
	Chart []byte
	// FolderNamed is set when the campaign channel may read the review
	// folder (it is open, or restricted to that channel alone): only then
	// does the channel post name it and its files.
	FolderNamed bool
}

// MilestoneLine is one milestone and its reminders.
type MilestoneLine struct {
	Milestone campaignbot.Milestone
	// Sent, Failed (failed or missed) and Pending count its reminders;
	// Reasons are the distinct reasons of the failed ones.
	Sent, Failed, Pending int
	Reasons               []string
}

// Group is the to-dos of one owner or one department.
type Group struct {
	// Label names the owner ("@alice") or the channel ("#double11-design").
	Label string
	campaignbot.ProgressCounts
	// Late counts the to-dos done late; LongestOverdue is the longest any
	// to-do was (done late) or is (still open) past its due time.
	Late           int
	LongestOverdue time.Duration
}

// OnTime returns the on-time rate: the to-dos done on time among those
// that are done or overdue, and whether there are any.
func (g Group) OnTime() (float64, bool) {
	n := g.Done + g.Overdue
	if n == 0 {
		return 0, false
	}
	return float64(g.DoneOnTime) / float64(n), true
}

// OverdueLine is one late to-do.
type OverdueLine struct {
	Number int64
	// Title is empty when the to-do may not be named (asked in a private
	// channel).
	Title  string
	Owners []string
	Open   bool
	By     time.Duration
}

// FolderLine is an open folder and the files added to it.
type FolderLine struct {
	Path  campaignbot.FolderPath
	Files []string
}

// HiddenFiles counts files added to folders the review may not name.
type HiddenFiles struct {
	Folders, Files int
}

// MaxOverdue is how many late to-dos a review lists; MaxFolderFiles how
// many file names it shows per folder.
const (
	MaxOverdue     = 10
	MaxFolderFiles = 20
)
