// Package console is the local chat adapter: each line read is a message
// from the current user in the current channel, and everything the bot says
// is written out as text. It needs no network and no credentials, so a
// newcomer gets a working bot with `make run`, and end-to-end tests drive
// the whole bot through piped input.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
)

// Workspace is the workspace id of the console.
const Workspace campaignbot.WorkspaceID = "console"

// BotName is the bot's handle in the console.
const BotName = "campaignbot"

// maxLine caps one input line; longer lines are refused politely.
const maxLine = 64 << 10

// Options configure the console adapter.
type Options struct {
	// In is read line by line; Out receives everything the bot says.
	In  io.Reader
	Out io.Writer
	// Config returns the configuration in force (users, channels, language).
	Config func() *config.Config
	// User and Channel are where the console starts; "" means the
	// configured console.user and console.channel.
	User    string
	Channel string
	// Interactive shows a prompt before each line.
	Interactive bool
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// FileDir is where files sent with messages (charts) are written, and
	// their paths printed; "" means a campaignbot-files folder in the
	// system's temporary directory.
	FileDir string
	Logger  *slog.Logger
}

// Adapter is the console chat. It implements bot.Adapter.
type Adapter struct {
	opts Options

	outMu sync.Mutex // serializes writes to Out

	mu      sync.Mutex // guards user, channel, nextTS
	user    string
	channel string
	nextTS  int64
}

var _ bot.Adapter = (*Adapter)(nil)

// New returns a console adapter. It fails when the starting user or channel
// is not configured.
func New(opts Options) (*Adapter, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	cfg := opts.Config()
	a := &Adapter{opts: opts, user: opts.User, channel: strings.TrimPrefix(opts.Channel, "#")}
	if a.user == "" {
		a.user = cfg.Console.User
	}
	if a.channel == "" {
		a.channel = cfg.Console.Channel
	}
	if _, ok := findUser(cfg, a.user); !ok {
		return nil, fmt.Errorf("console user %q is not configured; configured users: %s", a.user, userList(cfg))
	}
	if _, ok := findChannel(cfg, a.channel); !ok {
		return nil, fmt.Errorf("console channel #%s is not configured; configured channels: %s", a.channel, channelList(cfg))
	}
	return a, nil
}

// lang returns the configured language.
func (a *Adapter) lang() campaignbot.Language { return a.opts.Config().Language }

// say writes a console-only notice in the configured language.
func (a *Adapter) say(t campaignbot.Text) {
	a.write("  " + t.In(a.lang()) + "\n")
}

// write writes s to Out in one piece.
func (a *Adapter) write(s string) {
	a.outMu.Lock()
	defer a.outMu.Unlock()
	if _, err := io.WriteString(a.opts.Out, s); err != nil {
		a.opts.Logger.Warn("console output failed", "err", err)
	}
}

// where returns the current user and channel.
func (a *Adapter) where() (string, string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.user, a.channel
}

// inputLine is one line read from In.
type inputLine struct {
	text    string
	tooLong bool
}

// Run reads lines until EOF, /quit or ctx is done, and returns nil then.
func (a *Adapter) Run(ctx context.Context, in bot.Inbox) error {
	lines := make(chan inputLine)
	readErr := make(chan error, 1)
	go a.read(ctx, lines, readErr)
	for {
		a.prompt()
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				select {
				case err := <-readErr:
					return fmt.Errorf("read console input: %w", err)
				default:
					return nil
				}
			}
			if line.tooLong {
				a.say(campaignbot.T("console.that-line-is-longer-than-kib", maxLine>>10))
				continue
			}
			if quit := a.handleLine(ctx, in, line.text); quit {
				return nil
			}
		}
	}
}

// read sends each line of In to lines and closes it at the end of input.
func (a *Adapter) read(ctx context.Context, lines chan<- inputLine, readErr chan<- error) {
	defer close(lines)
	r := bufio.NewReaderSize(a.opts.In, 4096)
	for {
		line, err := readLine(r)
		if err == nil || line.text != "" || line.tooLong {
			select {
			case lines <- line:
			case <-ctx.Done():
				return
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				readErr <- err
			}
			return
		}
	}
}

// readLine reads one line without its line ending. The rest of an over-long
// line is consumed and dropped.
func readLine(r *bufio.Reader) (inputLine, error) {
	var b strings.Builder
	for {
		chunk, isPrefix, err := r.ReadLine()
		if b.Len()+len(chunk) <= maxLine {
			b.Write(chunk)
		} else {
			b.Reset()
			for isPrefix && err == nil {
				_, isPrefix, err = r.ReadLine()
			}
			return inputLine{tooLong: true}, err
		}
		if err != nil || !isPrefix {
			return inputLine{text: b.String()}, err
		}
	}
}

// prompt shows who is typing where, on a terminal.
func (a *Adapter) prompt() {
	if !a.opts.Interactive {
		return
	}
	user, channel := a.where()
	a.write(fmt.Sprintf("%s@#%s> ", user, channel))
}
