package bot

import (
	"context"
	"io"

	"github.com/campaignbot/campaignbot"
)

// Chat is what a chat adapter offers handlers.
type Chat interface {
	// Send posts into a channel or DMs a user.
	campaignbot.Messenger
	// Directory resolves users and channels.
	campaignbot.Directory
	// Ephemeral shows m to user only, in channel.
	Ephemeral(ctx context.Context, channel campaignbot.ChannelID, user campaignbot.UserID, m campaignbot.OutgoingMessage) error
	// Update replaces a message the bot sent.
	Update(ctx context.Context, ref campaignbot.MessageRef, m campaignbot.OutgoingMessage) error
	// OpenForm shows a form to the user who triggered triggerID. Adapters
	// without forms return EINVALID naming the typed command to use instead.
	OpenForm(ctx context.Context, triggerID string, f Form) error
	// Download streams a shared file's bytes. Returns EINVALID when the file
	// is larger than maxSize (checked before downloading when the size is
	// known) and ENOTFOUND when the file is gone.
	Download(ctx context.Context, f SharedFile, maxSize int64) (io.ReadCloser, error)
	// BotUser is the bot's own user.
	BotUser() campaignbot.User
}

// Responder answers one incoming command or action.
type Responder interface {
	// Reply answers visibly in the conversation.
	Reply(ctx context.Context, m campaignbot.OutgoingMessage) error
	// ReplyPrivately answers only the user who asked.
	ReplyPrivately(ctx context.Context, m campaignbot.OutgoingMessage) error
}

// Inbox receives what an adapter delivers, together with the adapter to
// answer through. The Router implements it.
type Inbox interface {
	HandleMessage(ctx context.Context, chat Chat, m *Message)
	HandleCommand(ctx context.Context, chat Chat, c *Command)
	HandleAction(ctx context.Context, chat Chat, a *Action)
	HandleForm(ctx context.Context, chat Chat, s *FormSubmission) FormResult
}

// Adapter connects the bot to a chat platform.
type Adapter interface {
	Chat
	// Run delivers incoming events to in until ctx is done or the platform's
	// input ends, and returns nil on a clean end.
	Run(ctx context.Context, in Inbox) error
}

// Form is a platform-neutral modal form.
type Form struct {
	// ID routes the submission, e.g. "kb.save".
	ID     string
	Title  string
	Submit string
	Fields []FormField
	// PrivateValue is handed back with the submission.
	PrivateValue string
	// Lang is the language of the form's own labels (Cancel, Save): the
	// asking user's, req.Lang; "" means the config's.
	Lang campaignbot.Language
}

// FormFieldKind is the kind of input of a form field.
type FormFieldKind string

// Kinds of form fields.
const (
	FieldText   FormFieldKind = "text"
	FieldSelect FormFieldKind = "select"
)

// FormField is one input of a Form.
type FormField struct {
	ID       string
	Label    string
	Kind     FormFieldKind
	Initial  string
	Optional bool
	Options  []FormOption
	// Search makes a select field searchable: platforms that can ask for
	// options as the user types (Slack's external_select) ask the form's
	// suggestion handler (Router.Suggest) and show Options only as the
	// initial choice; others show Options.
	Search bool
}

// FormOption is one choice of a select field.
type FormOption struct {
	Value string
	Label string
}

// FormResult answers a form submission: nil Errors closes the form, or maps
// field IDs to messages shown beside those fields.
type FormResult struct {
	Errors map[string]string
}

// FileSender is a Chat that can hand a user a file: Slack uploads it into
// the user's DM. The console does not implement it; handlers that produce
// a file check for it and write the file locally otherwise.
type FileSender interface {
	// SendFile delivers f to user privately. The bytes are read from
	// f.Content, from offset 0 each time an attempt starts, so a retry
	// sends them all again and nothing is held in memory. Returns
	// EINVALID when f is larger than the platform accepts (before any byte
	// is sent).
	SendFile(ctx context.Context, user campaignbot.UserID, f OutgoingFile) error
}

// OutgoingFile is a file a FileSender delivers.
type OutgoingFile struct {
	// Name is the file name, e.g. "Double 11.zip"; Title is shown above
	// it ("" means Name).
	Name  string
	Title string
	// Comment is the message that comes with the file.
	Comment string
	// Content holds Size bytes, e.g. an *os.File.
	Content io.ReaderAt
	Size    int64
}
