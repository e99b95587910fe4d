package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// Handler handles one request. A returned error becomes a private reply:
// the error's user-safe text, or a generic apology for internal errors,
// which are logged in full.
type Handler func(ctx context.Context, req *Request) error

// FormHandler handles a form submission and says whether the form closes.
type FormHandler func(ctx context.Context, req *Request) (FormResult, error)

// Observer is told about every handled event, for metrics.
type Observer interface {
	// Observe records one event: its kind (message, command, action, form),
	// the handler name, the error code ("" for success) and how long it took.
	Observe(kind, name, code string, took time.Duration)
}

// RouterOptions are the Router's dependencies.
type RouterOptions struct {
	// Config returns the configuration in force; it is called once per event.
	Config func() *config.Config
	// Events deduplicates deliveries; nil disables deduplication.
	Events campaignbot.EventLog
	// Now returns the current time; nil means time.Now.
	Now      func() time.Time
	Logger   *slog.Logger
	Observer Observer
	// Languages holds the languages users chose for themselves (`language
	// ja`); nil means nobody chose, and replies follow the platform
	// locale.
	Languages campaignbot.LanguageChoices
}

// Router dispatches incoming events to handlers. It implements Inbox and is
// safe for concurrent use; register every handler before the first event.
type Router struct {
	opts     RouterOptions
	mu       sync.RWMutex
	commands map[string]commandEntry
	mention  Handler
	files    Handler
	actions  map[string]Handler
	forms    map[string]FormHandler
	// shortcuts, home and suggestions are registered in shortcut.go,
	// home.go and suggestion.go.
	shortcuts   map[string]Handler
	home        Handler
	suggestions map[string]SuggestionHandler
}

type commandEntry struct {
	handler Handler
	summary campaignbot.Text
}

// NewRouter returns a Router with no handlers.
func NewRouter(opts RouterOptions) *Router {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Router{
		opts:        opts,
		commands:    map[string]commandEntry{},
		actions:     map[string]Handler{},
		forms:       map[string]FormHandler{},
		shortcuts:   map[string]Handler{},
		suggestions: map[string]SuggestionHandler{},
	}
}

// Command registers the handler of a command by its logical name ("todo",
// "kb", "campaign", "help"); the slash names users type come from the
// config's slack.commands. The summary is shown by /help.
func (r *Router) Command(name string, summary campaignbot.Text, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.commands[name] = commandEntry{handler: h, summary: summary}
}

// OnMention registers the handler of messages addressed to the bot.
func (r *Router) OnMention(h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mention = h
}

// OnFiles registers the handler of messages that share files.
func (r *Router) OnFiles(h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files = h
}

// Action registers the handler of button clicks whose ActionID is id or
// starts with id + ".".
func (r *Router) Action(id string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.actions[id] = h
}

// Form registers the handler of submissions of the form with the given ID.
func (r *Router) Form(id string, h FormHandler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.forms[id] = h
}

// CommandHelp is one line of the command list.
type CommandHelp struct {
	// Slash is the command as users type it, e.g. "/todo".
	Slash   string
	Summary campaignbot.Text
}

// Commands lists the registered commands as users type them, sorted.
func (r *Router) Commands(cfg *config.Config) []CommandHelp {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []CommandHelp
	for name, e := range r.commands {
		out = append(out, CommandHelp{Slash: "/" + cfg.Slack.Commands.Name(name), Summary: e.summary})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slash < out[j].Slash })
	return out
}

// renamable are the logical names of commands whose slash names come from
// the config.
var renamable = []string{"todo", "kb", "campaign"}

// logicalName maps a typed slash name to the logical command name. A
// logical name that was renamed in the config is not a command any more.
func logicalName(cfg *config.Config, typed string) string {
	typed = strings.ToLower(strings.TrimPrefix(typed, "/"))
	for _, logical := range renamable {
		if typed == cfg.Slack.Commands.Name(logical) {
			return logical
		}
	}
	for _, logical := range renamable {
		if typed == logical {
			return ""
		}
	}
	return typed
}

// newRequest builds the request common to every event, in the asking
// user's language (RequestLanguage).
func (r *Router) newRequest(ctx context.Context, chat Chat, ws campaignbot.WorkspaceID, user campaignbot.User, ch campaignbot.Channel) (*Request, *config.Config) {
	cfg := r.opts.Config()
	user.IsAdmin = user.IsAdmin || cfg.IsAdmin(user.ID)
	return &Request{
		Workspace: ws,
		User:      user,
		Channel:   ch,
		Lang:      r.RequestLanguage(ctx, cfg, ws, user, ch.ID),
		Config:    cfg,
		Now:       r.opts.Now(),
		Chat:      chat,
	}, cfg
}

// firstDelivery reports whether the event should be handled.
func (r *Router) firstDelivery(ctx context.Context, kind, eventID string) (bool, error) {
	if eventID == "" || r.opts.Events == nil {
		return true, nil
	}
	fresh, err := r.opts.Events.FirstDelivery(ctx, kind, eventID)
	if err != nil {
		return false, fmt.Errorf("record %s event %s: %w", kind, eventID, err)
	}
	if !fresh {
		r.opts.Logger.Debug("duplicate event ignored", "kind", kind, "event_id", eventID)
	}
	return fresh, nil
}

// run calls h, recovering panics, and answers errors privately.
func (r *Router) run(ctx context.Context, kind, name string, req *Request, h Handler) {
	if err := r.observed(ctx, kind, name, req, h); err != nil {
		r.report(ctx, kind, name, req, err)
	}
}

// observed calls h, recovering panics, and tells the Observer.
func (r *Router) observed(ctx context.Context, kind, name string, req *Request, h Handler) error {
	start := time.Now()
	err := r.call(ctx, req, h)
	if r.opts.Observer != nil {
		r.opts.Observer.Observe(kind, name, campaignbot.ErrorCode(err), time.Since(start))
	}
	return err
}

// report logs err and tells the user what went wrong.
func (r *Router) report(ctx context.Context, kind, name string, req *Request, err error) {
	code := campaignbot.ErrorCode(err)
	log := r.opts.Logger.With("kind", kind, "handler", name, "user", req.User.ID, "channel", req.Channel.ID)
	if code == campaignbot.EINTERNAL {
		log.Error("handler failed", "err", err)
	} else {
		log.Debug("request refused", "code", code, "err", err)
	}
	if rerr := req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.T(campaignbot.ErrorText(err))}); rerr != nil {
		log.Error("could not deliver the error reply", "err", rerr)
	}
}

// call runs h and turns a panic into an internal error.
func (r *Router) call(ctx context.Context, req *Request, h Handler) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("handler panic: %v\n%s", p, debug.Stack())
		}
	}()
	return h(ctx, req)
}

// HandleMessage handles a chat message: files go to the files handler,
// messages addressed to the bot to the mention handler, and everything
// else is ignored. The bot never answers itself or other bots.
func (r *Router) HandleMessage(ctx context.Context, chat Chat, m *Message) {
	if m.User.IsBot || m.User.ID == chat.BotUser().ID {
		return
	}
	r.mu.RLock()
	files, mention := r.files, r.mention
	r.mu.RUnlock()
	var h Handler
	name := ""
	switch {
	case len(m.Files) > 0 && files != nil:
		h, name = files, "files"
	case m.MentionsBot && mention != nil:
		h, name = mention, "mention"
	default:
		return
	}
	req, _ := r.newRequest(ctx, chat, m.Workspace, m.User, m.Channel)
	req.Message = m
	req.ThreadTS = m.ThreadTS
	if fresh, err := r.firstDelivery(ctx, "message", m.EventID); err != nil {
		r.report(ctx, "message", name, req, err)
		return
	} else if !fresh {
		return
	}
	r.run(ctx, "message", name, req, h)
}

// HandleCommand handles a slash command.
func (r *Router) HandleCommand(ctx context.Context, chat Chat, c *Command) {
	req, cfg := r.newRequest(ctx, chat, c.Workspace, c.User, c.Channel)
	req.Command = logicalName(cfg, c.Name)
	req.Args = strings.TrimSpace(c.Args)
	req.ThreadTS = c.ThreadTS
	req.TriggerID = c.TriggerID
	req.responder = c.Responder
	if fresh, err := r.firstDelivery(ctx, "command", c.EventID); err != nil {
		r.report(ctx, "command", req.Command, req, err)
		return
	} else if !fresh {
		return
	}
	r.mu.RLock()
	e, ok := r.commands[req.Command]
	r.mu.RUnlock()
	if !ok {
		r.run(ctx, "command", "unknown", req, func(ctx context.Context, req *Request) error {
			return r.unknownCommand(cfg, c.Name)
		})
		return
	}
	r.run(ctx, "command", req.Command, req, e.handler)
}

// unknownCommand explains which commands exist.
func (r *Router) unknownCommand(cfg *config.Config, typed string) error {
	var names []string
	for _, c := range r.Commands(cfg) {
		names = append(names, c.Slash)
	}
	list := strings.Join(names, ", ")
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("bot.i-don-t-know-the-command", strings.TrimPrefix(typed, "/"), list))
}

// HandleAction handles a button click.
func (r *Router) HandleAction(ctx context.Context, chat Chat, a *Action) {
	req, _ := r.newRequest(ctx, chat, a.Workspace, a.User, a.Channel)
	req.Action = a
	req.TriggerID = a.TriggerID
	req.responder = a.Responder
	if fresh, err := r.firstDelivery(ctx, "action", a.EventID); err != nil {
		r.report(ctx, "action", a.ActionID, req, err)
		return
	} else if !fresh {
		return
	}
	h := r.actionHandler(a.ActionID)
	if h == nil {
		r.run(ctx, "action", "unknown", req, func(context.Context, *Request) error {
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("bot.that-button-no-longer-does-anything"))
		})
		return
	}
	r.run(ctx, "action", a.ActionID, req, h)
}

// actionHandler finds the handler of an action id by longest prefix.
func (r *Router) actionHandler(id string) Handler {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for {
		if h, ok := r.actions[id]; ok {
			return h
		}
		i := strings.LastIndexByte(id, '.')
		if i < 0 {
			return nil
		}
		id = id[:i]
	}
}

// HandleForm handles a form submission and returns what the form shows.
func (r *Router) HandleForm(ctx context.Context, chat Chat, s *FormSubmission) FormResult {
	req, _ := r.newRequest(ctx, chat, s.Workspace, s.User, campaignbot.Channel{})
	req.Form = s
	req.responder = s.Responder
	r.mu.RLock()
	h, ok := r.forms[s.FormID]
	r.mu.RUnlock()
	if !ok {
		return FormResult{Errors: map[string]string{"": req.T(campaignbot.T("bot.this-form-is-out-of-date"))}}
	}
	var res FormResult
	err := r.observed(ctx, "form", s.FormID, req, func(ctx context.Context, req *Request) error {
		var err error
		res, err = h(ctx, req)
		return err
	})
	if err != nil {
		if campaignbot.ErrorCode(err) == campaignbot.EINTERNAL {
			r.opts.Logger.Error("form handler failed", "form", s.FormID, "user", s.User.ID, "err", err)
		}
		return FormResult{Errors: map[string]string{"": req.T(campaignbot.ErrorText(err))}}
	}
	return res
}
