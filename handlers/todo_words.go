package handlers

import "github.com/campaignbot/campaignbot"

// statusText names a to-do's status in every language (open, 未完成,
// 未完了).
func statusText(s campaignbot.TodoStatus) campaignbot.Text {
	switch s {
	case campaignbot.TodoDone:
		return campaignbot.T("handlers.todo-status-done")
	case campaignbot.TodoDeleted:
		return campaignbot.T("handlers.todo-status-deleted")
	}
	return campaignbot.T("handlers.todo-status-open")
}

// priorityText names a to-do's priority in every language; the English
// words are those !high and !low set.
func priorityText(p campaignbot.Priority) campaignbot.Text {
	switch p {
	case campaignbot.PriorityHigh:
		return campaignbot.T("handlers.todo-priority-high")
	case campaignbot.PriorityLow:
		return campaignbot.T("handlers.todo-priority-low")
	}
	return campaignbot.T("handlers.todo-priority-normal")
}
