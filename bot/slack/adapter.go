package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
)

// Modes of slack.mode.
const (
	ModeSocket = "socket"
	ModeHTTP   = "http"
)

// Options configure the Slack adapter.
type Options struct {
	// Config returns the configuration in force: slack.* (mode, api_url,
	// tokens) is read once by New.
	Config func() *config.Config
	// Logger receives the adapter's logs; nil discards them.
	Logger *slog.Logger
	// HTTPClient makes every call to Slack; nil means a client with a
	// 30-second timeout.
	HTTPClient *http.Client
	// Now and Sleep are the clock of rate limiting, backoff and signature
	// windows; nil means the real clock.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// CacheTTL is how long users, channels, channel names, user-group
	// handles and channel and group members are cached; 0 means 10
	// minutes.
	CacheTTL time.Duration
	// PingInterval is how long Socket Mode waits for Slack's pings before
	// reconnecting; 0 means slack-go's default (30 s).
	PingInterval time.Duration
	// MaxBody caps HTTP-mode request bodies; 0 means 1 MiB.
	MaxBody int64
	// Work is how long one event may be worked on; 0 means 2 minutes.
	Work time.Duration
	// MaxUpload is the largest file SendFile uploads; 0 means Slack's
	// limit, DefaultMaxUpload.
	MaxUpload int64
	// Users keeps the workspace's users in the database: User reads it
	// before asking Slack, and RefreshUsers and user_change events fill
	// it. Nil keeps users in memory only.
	Users campaignbot.UserStore
}

// Adapter is the Slack chat. It implements bot.Adapter.
type Adapter struct {
	opts    Options
	log     *slog.Logger
	mode    string
	api     webAPI
	client  *slackgo.Client
	http    *http.Client
	apiHost string
	secret  []byte
	token   config.Secret // the bot token, for file downloads
	limits  *limiter
	sleep   func(context.Context, time.Duration) error
	now     func() time.Time
	self    campaignbot.User
	botID   string // the bot's bot_id, which its messages carry
	team    campaignbot.WorkspaceID
	// teamURL is the workspace's URL as auth.test reports it, with a
	// trailing slash (https://double11.slack.com/); permalinks start with
	// it.
	teamURL string
	users   *cache[campaignbot.User]
	chans   *cache[campaignbot.Channel]
	// chanNames maps channel names to ids (conversations.list) and
	// groupHandles user-group handles to ids (usergroups.list).
	chanNames    *nameIndex
	groupHandles *nameIndex
	// chanMembers and groupMembers hold the member sets of channels
	// (conversations.members) and user groups (usergroups.users.list) by
	// id.
	chanMembers  *cache[map[campaignbot.UserID]bool]
	groupMembers *cache[map[campaignbot.UserID]bool]
	// dms maps user ids to their DM channel ids (conversations.open),
	// which never change.
	dmsMu sync.Mutex
	dms   map[campaignbot.UserID]campaignbot.ChannelID
	// origins remembers where recent triggers came from (form_origin.go).
	origins formOrigins

	inboxMu sync.RWMutex
	inbox   bot.Inbox
	closing bool // set when Run stops; later work runs inline
	baseCtx context.Context
	work    sync.WaitGroup
	// ready is closed once Run accepts events.
	ready     chan struct{}
	readyOnce sync.Once
}

var _ bot.Adapter = (*Adapter)(nil)

// New returns a Slack adapter for the configured mode and checks the bot
// token with auth.test. Tokens never appear in its errors or logs.
func New(ctx context.Context, opts Options) (*Adapter, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sleep == nil {
		opts.Sleep = sleepContext
	}
	if opts.CacheTTL <= 0 {
		opts.CacheTTL = 10 * time.Minute
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = 1 << 20
	}
	if opts.Work <= 0 {
		opts.Work = 2 * time.Minute
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = DefaultMaxUpload
	}
	cfg := opts.Config().Slack
	a := &Adapter{
		opts:   opts,
		log:    opts.Logger.With("adapter", "slack"),
		mode:   cfg.Mode,
		http:   opts.HTTPClient,
		secret: []byte(cfg.SigningSecret.Reveal()),
		token:  cfg.BotToken,
		limits: newLimiter(opts.Now, opts.Sleep, opts.Config().Slack.PostsPerMinute),
		sleep:  opts.Sleep,
		now:    opts.Now,
		users:  newCache[campaignbot.User](opts.Now, opts.CacheTTL),
		chans:  newCache[campaignbot.Channel](opts.Now, opts.CacheTTL),

		chanNames:    newNameIndex(opts.Now, opts.CacheTTL),
		groupHandles: newNameIndex(opts.Now, opts.CacheTTL),
		chanMembers:  newCache[map[campaignbot.UserID]bool](opts.Now, opts.CacheTTL),
		groupMembers: newCache[map[campaignbot.UserID]bool](opts.Now, opts.CacheTTL),
		dms:          map[campaignbot.UserID]campaignbot.ChannelID{},
		ready:        make(chan struct{}),
	}
	if a.mode == "" {
		a.mode = ModeSocket
	}
	if a.mode != ModeSocket && a.mode != ModeHTTP {
		return nil, fmt.Errorf("slack.mode %q: use %q or %q", a.mode, ModeSocket, ModeHTTP)
	}
	if cfg.BotToken == "" {
		return nil, errors.New("no Slack bot token: set CAMPAIGNBOT_SLACK_BOT_TOKEN or slack.bot_token_file")
	}
	if a.mode == ModeSocket && cfg.AppToken == "" {
		return nil, errors.New("slack.mode socket needs an app-level token: set CAMPAIGNBOT_SLACK_APP_TOKEN or slack.app_token_file")
	}
	if a.mode == ModeHTTP && len(a.secret) == 0 {
		return nil, errors.New("slack.mode http needs the signing secret: set CAMPAIGNBOT_SLACK_SIGNING_SECRET or slack.signing_secret_file")
	}
	apiURL := cfg.APIURL
	if apiURL == "" {
		apiURL = slackgo.APIURL
	}
	if !strings.HasSuffix(apiURL, "/") {
		apiURL += "/"
	}
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("slack.api_url %q is not a URL", cfg.APIURL)
	}
	a.apiHost = u.Hostname()
	a.client = slackgo.New(cfg.BotToken.Reveal(),
		slackgo.OptionAPIURL(apiURL),
		slackgo.OptionHTTPClient(opts.HTTPClient),
		slackgo.OptionAppLevelToken(cfg.AppToken.Reveal()))
	a.api = a.client
	var auth *slackgo.AuthTestResponse
	err = a.call(ctx, "auth.test", "", func(ctx context.Context) error {
		var err error
		auth, err = a.api.AuthTestContext(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("check the Slack bot token with auth.test at %s: %w", u.Host, err)
	}
	a.team = campaignbot.WorkspaceID(auth.TeamID)
	a.botID = auth.BotID
	a.teamURL = workspaceURL(auth.URL)
	a.self = campaignbot.User{ID: campaignbot.UserID(auth.UserID), Name: auth.User, RealName: auth.User, IsBot: true}
	a.log.Info("connected to Slack", "team", auth.TeamID, "bot_user", auth.UserID, "mode", a.mode)
	return a, nil
}

// SharePosts implements campaignbot.PostSharer: with n replicas sending,
// each paces its posts at slack.posts_per_minute / n, so together they
// stay under Slack's workspace-wide limit.
func (a *Adapter) SharePosts(n int) {
	base := a.opts.Config().Slack.PostsPerMinute
	if base <= 0 {
		base = defaultPostsPerMinute
	}
	a.limits.setWorkspace(workspacePace(max(base/max(n, 1), 1)))
}

// Workspace returns the Slack team the bot is in, as auth.test reported
// it.
func (a *Adapter) Workspace() campaignbot.WorkspaceID { return a.team }

// Mode is "socket" or "http".
func (a *Adapter) Mode() string { return a.mode }

// BotUser returns the bot's own user, as auth.test reported it.
func (a *Adapter) BotUser() campaignbot.User { return a.self }

// Run delivers events to in until ctx is done. In Socket Mode it holds the
// websocket; in HTTP mode the events arrive through Handler, which answers
// 503 until Run has started. In-flight work is finished before Run returns.
func (a *Adapter) Run(ctx context.Context, in bot.Inbox) error {
	a.inboxMu.Lock()
	a.inbox = in
	a.baseCtx = ctx
	a.inboxMu.Unlock()
	a.readyOnce.Do(func() { close(a.ready) })
	var err error
	if a.mode == ModeSocket {
		err = a.runSocket(ctx, in)
	} else {
		<-ctx.Done()
	}
	a.inboxMu.Lock()
	a.inbox = nil
	a.closing = true
	a.inboxMu.Unlock()
	a.work.Wait()
	return err
}

// currentInbox returns the inbox and the context work runs in, or nil
// before Run.
func (a *Adapter) currentInbox() (bot.Inbox, context.Context) {
	a.inboxMu.RLock()
	defer a.inboxMu.RUnlock()
	return a.inbox, a.baseCtx
}

// goWork runs fn after the event was acknowledged, tracked so Run waits
// for it, with panics contained. Once Run is stopping, fn runs inline (an
// HTTP request that raced the shutdown), so acknowledged work is not lost.
func (a *Adapter) goWork(ctx context.Context, what string, fn func(ctx context.Context)) {
	run := func() {
		defer func() {
			if p := recover(); p != nil {
				a.log.Error("panic while handling a Slack event", "event", what, "panic", p)
			}
		}()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.opts.Work)
		defer cancel()
		fn(ctx)
	}
	a.inboxMu.RLock()
	closing := a.closing
	if !closing {
		a.work.Add(1)
	}
	a.inboxMu.RUnlock()
	if closing {
		run()
		return
	}
	go func() {
		defer a.work.Done()
		run()
	}()
}
