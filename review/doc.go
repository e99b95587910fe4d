// Package review compiles a campaign's review (复盘) once it is over: its
// milestones and whether their reminders went out, its to-dos by owner and
// by department (channel) with the on-time rate and the longest overdue,
// the files added to the knowledge base during the campaign by folder, and
// the progress chart. The review is written as Markdown and as a
// self-contained HTML page, saved with the chart into the campaign's
// review folder of the knowledge base, and announced in the campaign
// channel with the files' numbers.
//
// The review is read in the campaign channel and in its folder, so it
// names only what everyone may see: folders open to the whole workspace
// (restricted ones count only as a total, without names) and to-dos and
// departments of public channels (those of private channels count only as
// a total). The campaign channel, when private, is named only when the
// review folder is restricted to its members. The chart draws counts and
// milestones only.
//
// /campaign archive also writes the to-do history as CSV (csv.go).
package review
