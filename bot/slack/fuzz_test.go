package slack

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
)

// stubAPI fails every Web API call, so fuzzing never reaches a network.
type stubAPI struct{}

var errStub = slackgo.SlackErrorResponse{Err: "channel_not_found"}

func (stubAPI) AuthTestContext(context.Context) (*slackgo.AuthTestResponse, error) {
	return nil, errStub
}
func (stubAPI) PostMessageContext(context.Context, string, ...slackgo.MsgOption) (string, string, error) {
	return "", "", errStub
}
func (stubAPI) PostEphemeralContext(context.Context, string, string, ...slackgo.MsgOption) (string, error) {
	return "", errStub
}
func (stubAPI) UpdateMessageContext(context.Context, string, string, ...slackgo.MsgOption) (string, string, string, error) {
	return "", "", "", errStub
}
func (stubAPI) OpenViewContext(context.Context, string, slackgo.ModalViewRequest) (*slackgo.ViewResponse, error) {
	return nil, errStub
}
func (stubAPI) PublishViewContext(context.Context, slackgo.PublishViewContextRequest) (*slackgo.ViewResponse, error) {
	return nil, errStub
}
func (stubAPI) GetUserInfoContext(context.Context, string, ...slackgo.GetUserInfoOption) (*slackgo.User, error) {
	return nil, slackgo.SlackErrorResponse{Err: "user_not_found"}
}
func (stubAPI) GetConversationInfoContext(context.Context, *slackgo.GetConversationInfoInput) (*slackgo.Channel, error) {
	return nil, errStub
}
func (stubAPI) GetFileInfoContext(context.Context, string, int, int) (*slackgo.File, []slackgo.Comment, *slackgo.Paging, error) {
	return nil, nil, nil, slackgo.SlackErrorResponse{Err: "file_not_found"}
}
func (stubAPI) GetUserGroupMembersContext(context.Context, string, ...slackgo.GetUserGroupMembersOption) ([]string, error) {
	return nil, errors.New("offline")
}
func (stubAPI) GetUserGroupsContext(context.Context, ...slackgo.GetUserGroupsOption) ([]slackgo.UserGroup, error) {
	return nil, errors.New("offline")
}
func (stubAPI) GetConversationsContext(context.Context, *slackgo.GetConversationsParameters) ([]slackgo.Channel, string, error) {
	return nil, "", errors.New("offline")
}
func (stubAPI) GetUsersInConversationContext(context.Context, *slackgo.GetUsersInConversationParameters) ([]string, string, error) {
	return nil, "", errStub
}
func (stubAPI) GetConversationHistoryContext(context.Context, *slackgo.GetConversationHistoryParameters) (*slackgo.GetConversationHistoryResponse, error) {
	return nil, errStub
}
func (stubAPI) GetConversationRepliesContext(context.Context, *slackgo.GetConversationRepliesParameters) ([]slackgo.Message, bool, string, error) {
	return nil, false, "", errStub
}
func (stubAPI) GetUsersPaginated(...slackgo.GetUsersOption) slackgo.UserPagination {
	return slackgo.UserPagination{}
}
func (stubAPI) OpenConversationContext(context.Context, *slackgo.OpenConversationParameters) (*slackgo.Channel, bool, bool, error) {
	return nil, false, false, errStub
}
func (stubAPI) GetUploadURLExternalContext(context.Context, slackgo.GetUploadURLExternalParameters) (*slackgo.GetUploadURLExternalResponse, error) {
	return nil, errStub
}
func (stubAPI) UploadToURL(context.Context, slackgo.UploadToURLParameters) error { return errStub }
func (stubAPI) CompleteUploadExternalContext(context.Context, slackgo.CompleteUploadExternalParameters) (*slackgo.CompleteUploadExternalResponse, error) {
	return nil, errStub
}

// offlineAdapter is an adapter whose every Web API call fails at once.
func offlineAdapter() *Adapter {
	cfg := &config.Config{Language: campaignbot.English}
	noSleep := func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	return &Adapter{
		opts:   Options{Config: func() *config.Config { return cfg }, Work: time.Minute},
		log:    slog.New(slog.DiscardHandler),
		mode:   ModeHTTP,
		api:    stubAPI{},
		limits: newLimiter(time.Now, noSleep, 0),
		sleep:  noSleep,
		now:    time.Now,
		self:   campaignbot.User{ID: "UBOT", IsBot: true},
		users:  newCache[campaignbot.User](time.Now, time.Minute),
		chans:  newCache[campaignbot.Channel](time.Now, time.Minute),
		ready:  make(chan struct{}),
	}
}

// seeds adds every fixture under testdata/dir as a seed.
func seeds(f *testing.F, dir string) {
	files, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// fuzzRouter is a Router whose handlers use the chat, so fuzzed input
// runs through dispatch, replies and error reports.
func fuzzRouter() *bot.Router {
	cfg := &config.Config{Language: campaignbot.English}
	r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }})
	reply := func(ctx context.Context, req *bot.Request) error {
		return req.Reply(ctx, campaignbot.OutgoingMessage{Text: req.Args, Buttons: []campaignbot.Button{{ActionID: "x", Label: "x"}}})
	}
	r.Command("help", campaignbot.Text{EN: "help"}, reply)
	r.OnMention(reply)
	r.OnFiles(func(ctx context.Context, req *bot.Request) error {
		for _, f := range req.Message.Files {
			if _, err := req.Chat.Download(ctx, f, 10); err != nil {
				return err
			}
		}
		return nil
	})
	r.Action("todo", reply)
	r.OnShortcut("kb_save", func(ctx context.Context, req *bot.Request) error {
		return req.Chat.OpenForm(ctx, req.TriggerID, bot.Form{ID: "f", Fields: []bot.FormField{{ID: "a"}}})
	})
	r.Form("f", func(ctx context.Context, req *bot.Request) (bot.FormResult, error) {
		return bot.FormResult{Errors: map[string]string{"": "no", "a": req.Form.Values["a"]}}, nil
	})
	r.OnHome(reply)
	return r
}

func FuzzEvent(f *testing.F) {
	seeds(f, "events")
	a, in := offlineAdapter(), fuzzRouter()
	f.Fuzz(func(t *testing.T, body []byte) {
		env, ev, err := parseEnvelope(body)
		if err != nil || ev == nil {
			return
		}
		a.handleEvent(context.Background(), in, env, ev)
	})
}

func FuzzInteraction(f *testing.F) {
	seeds(f, "interactions")
	a, in := offlineAdapter(), fuzzRouter()
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := parseInteractionJSON(body)
		if err != nil {
			return
		}
		a.onInteraction(context.Background(), in, p, "env-1")
		a.work.Wait()
	})
}

func FuzzSlashCommand(f *testing.F) {
	seeds(f, "commands")
	a, in := offlineAdapter(), fuzzRouter()
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, parse := range []func([]byte) (*slashCommand, error){parseSlashForm, parseSlashJSON} {
			c, err := parse(body)
			if err != nil {
				continue
			}
			a.onCommand(context.Background(), in, c, "env-1")
		}
		a.work.Wait()
	})
}

func FuzzParseTS(f *testing.F) {
	for _, s := range []string{"1700000100.000200", "", "1.2.3", "-5.1", "99999999999999999999.1", "17.1234567890"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { parseTS(s) })
}
