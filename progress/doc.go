// Package progress writes a campaign's progress report, the summary text
// and the chart: the answer to /campaign progress and the weekly progress
// post, which its Composer writes at send time from the to-dos as they are
// then.
//
// The summary shows counts only, never a to-do's title: per department
// (the channel a to-do was asked for in) and per owner, the open, overdue,
// done and done-on-time to-dos, as anyone in the workspace can see with
// /todo list all; then the milestones passed and ahead.
package progress
