package bot

import (
	"context"
	"slices"
	"time"

	"github.com/campaignbot/campaignbot"
)

// Suggestion asks for the options of a searchable select field (see
// FormField.Search) while the user types in it.
type Suggestion struct {
	Workspace campaignbot.WorkspaceID
	// FormID and FieldID name the field; PrivateValue is the form's.
	FormID       string
	FieldID      string
	PrivateValue string
	// Query is what the user typed so far, maybe nothing.
	Query string
	User  campaignbot.User
	Time  time.Time
}

// SuggestionHandler returns the options matching req.Suggestion.Query.
type SuggestionHandler func(ctx context.Context, req *Request) ([]FormOption, error)

// SuggestionInbox is implemented by inboxes that answer searchable select
// fields. The Router implements it; adapters check for it.
type SuggestionInbox interface {
	HandleSuggestion(ctx context.Context, chat Chat, s *Suggestion) []FormOption
}

// suggestionKey is the registration key of a form's field.
func suggestionKey(formID, fieldID string) string { return formID + "/" + fieldID }

// Suggest registers the handler answering the searchable field fieldID of
// the form formID.
func (r *Router) Suggest(formID, fieldID string, h SuggestionHandler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.suggestions[suggestionKey(formID, fieldID)] = h
}

// HandleSuggestion answers a searchable select field. A field without a
// handler, or a handler that fails, gets no options: a select menu has no
// room for an error, and the failure is logged.
func (r *Router) HandleSuggestion(ctx context.Context, chat Chat, s *Suggestion) []FormOption {
	req, _ := r.newRequest(ctx, chat, s.Workspace, s.User, campaignbot.Channel{})
	req.Suggestion = s
	r.mu.RLock()
	h := r.suggestions[suggestionKey(s.FormID, s.FieldID)]
	r.mu.RUnlock()
	if h == nil {
		r.opts.Logger.Warn("no suggestions for a searchable field", "form", s.FormID, "field", s.FieldID)
		return nil
	}
	var opts []FormOption
	err := r.observed(ctx, "suggestion", s.FormID, req, func(ctx context.Context, req *Request) error {
		var err error
		opts, err = h(ctx, req)
		return err
	})
	if err != nil {
		r.opts.Logger.Error("suggestion handler failed", "form", s.FormID, "field", s.FieldID, "user", s.User.ID, "err", err)
		return nil
	}
	return opts
}

// Routes lists what is registered on the router, each list sorted: the
// logical command names, action ids, form ids, shortcut callback ids and
// suggestion keys ("FORM/FIELD"), so tests can check they cover them all.
type Routes struct {
	Commands, Actions, Forms, Shortcuts, Suggestions []string
}

// Routes returns what is registered on the router.
func (r *Router) Routes() Routes {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return Routes{
		Commands:    sortedKeys(r.commands),
		Actions:     sortedKeys(r.actions),
		Forms:       sortedKeys(r.forms),
		Shortcuts:   sortedKeys(r.shortcuts),
		Suggestions: sortedKeys(r.suggestions),
	}
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
