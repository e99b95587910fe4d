package slack

import (
	"context"

	slackgo "github.com/slack-go/slack"
)

// webAPI is the part of the slack-go client the adapter uses, so the list
// of Web API methods the bot calls is in one place (and in the manifest's
// scopes).
type webAPI interface {
	AuthTestContext(ctx context.Context) (*slackgo.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slackgo.MsgOption) (string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slackgo.MsgOption) (string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slackgo.MsgOption) (string, string, string, error)
	OpenViewContext(ctx context.Context, triggerID string, view slackgo.ModalViewRequest) (*slackgo.ViewResponse, error)
	PublishViewContext(ctx context.Context, req slackgo.PublishViewContextRequest) (*slackgo.ViewResponse, error)
	GetUserInfoContext(ctx context.Context, user string, options ...slackgo.GetUserInfoOption) (*slackgo.User, error)
	GetConversationInfoContext(ctx context.Context, input *slackgo.GetConversationInfoInput) (*slackgo.Channel, error)
	GetFileInfoContext(ctx context.Context, fileID string, count, page int) (*slackgo.File, []slackgo.Comment, *slackgo.Paging, error)
	GetUserGroupMembersContext(ctx context.Context, userGroup string, options ...slackgo.GetUserGroupMembersOption) ([]string, error)
	GetUserGroupsContext(ctx context.Context, options ...slackgo.GetUserGroupsOption) ([]slackgo.UserGroup, error)
	GetConversationsContext(ctx context.Context, params *slackgo.GetConversationsParameters) ([]slackgo.Channel, string, error)
	GetUsersInConversationContext(ctx context.Context, params *slackgo.GetUsersInConversationParameters) ([]string, string, error)
	GetConversationHistoryContext(ctx context.Context, params *slackgo.GetConversationHistoryParameters) (*slackgo.GetConversationHistoryResponse, error)
	GetConversationRepliesContext(ctx context.Context, params *slackgo.GetConversationRepliesParameters) ([]slackgo.Message, bool, string, error)
	GetUsersPaginated(options ...slackgo.GetUsersOption) slackgo.UserPagination
	OpenConversationContext(ctx context.Context, params *slackgo.OpenConversationParameters) (*slackgo.Channel, bool, bool, error)
	// The upload flow (v2): announce, POST the bytes, complete.
	GetUploadURLExternalContext(ctx context.Context, params slackgo.GetUploadURLExternalParameters) (*slackgo.GetUploadURLExternalResponse, error)
	UploadToURL(ctx context.Context, params slackgo.UploadToURLParameters) error
	CompleteUploadExternalContext(ctx context.Context, params slackgo.CompleteUploadExternalParameters) (*slackgo.CompleteUploadExternalResponse, error)
}

var _ webAPI = (*slackgo.Client)(nil)
