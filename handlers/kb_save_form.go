package handlers

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
)

// IDs of the knowledge base's button, shortcut and form.
const (
	// ActionSaveFile is the one-click save button; its Value is a file id.
	ActionSaveFile = "kb.file"
	// ShortcutSave is the "Save to knowledge base" message shortcut.
	ShortcutSave = "kb_save"
	// FormSave is the save form: a folder picker, a title and tags.
	FormSave = "kb.save"
	// FieldFolder is the save form's searchable folder picker.
	FieldFolder = "folder"
)

// saveTarget is the PrivateValue of the save form: the entries (by the
// numbers users see), or the message whose entries are saved.
type saveTarget struct {
	Files   []int64               `json:"files,omitempty"`
	Channel campaignbot.ChannelID `json:"channel,omitempty"`
	TS      string                `json:"ts,omitempty"`
}

// writable reports whether the user may save into a folder: it appears to
// them, they are an editor and it is not archived.
func (v *kbView) writable(f *campaignbot.Folder) bool {
	return v.appears[f.ID] && !f.Archived && v.access.Can(&f.ID, campaignbot.RoleEditor)
}

// suggestFolder guesses where a file shared in channel belongs, or ""
// when it should not guess. For a private channel it is the folder of a
// filing rule that names the channel, else the channel's own folder
// (never an open one: a member saving its files should not be steered out
// of it); elsewhere a folder the user may save into whose
// name is a whole word, or run of words, of the channel's name
// (#double11-design → Double 11/Design), so that a folder someone made
// with a name that merely occurs in it ("Dat" in double11-data) is not
// offered. For a message the whole channel reads (public), only folders
// everyone in the channel may see are suggested, so that it names none
// they may not.
func suggestFolder(cfg *config.Config, v *kbView, channel campaignbot.Channel, public bool) campaignbot.FolderPath {
	if channel.Private {
		// A filing rule that names the channel says where its files go.
		for _, r := range cfg.KnowledgeBase.Rules {
			if !slices.ContainsFunc(r.Channels, func(c campaignbot.ChannelID) bool { return campaignbot.SameChannel(c, channel) }) {
				continue
			}
			if f := v.at(r.Folder); f != nil && v.writable(f) {
				return f.Path
			}
		}
		if f := v.channelFolder(channel.ID); f != nil && v.writable(f) {
			return f.Path
		}
		return ""
	}
	if channel.Name == "" {
		return ""
	}
	words := "-" + strings.ToLower(strings.NewReplacer("_", "-", " ", "-").Replace(channel.Name)) + "-"
	var best campaignbot.FolderPath
	longest := 0
	for _, f := range v.folders {
		if !v.writable(f) || f.Path.Depth() < 2 || (public && !campaignbot.ReadersAt(v.folders, f.Path).IncludeChannel(channel)) {
			continue
		}
		// The longest name wins: #double11-data-review is about
		// "Data review" rather than "Data".
		seg := strings.ToLower(strings.ReplaceAll(f.Path.Name(), " ", "-"))
		if len(seg) > longest && strings.Contains(words, "-"+seg+"-") {
			best, longest = f.Path, len(seg)
		}
	}
	return best
}

// canSaveSomewhere reports whether the user may save into any folder.
func canSaveSomewhere(v *kbView) bool {
	for _, f := range v.folders {
		if v.writable(f) {
			return true
		}
	}
	return false
}

// saveButton is the one-click save offered for an unfiled entry; public
// when it goes in a message everyone in the channel reads.
func saveButton(req *bot.Request, v *kbView, f *campaignbot.File, public bool) campaignbot.Button {
	cmd := "/" + slash(req, "kb") + " file " + strconv.FormatInt(f.Number, 10)
	if s := suggestFolder(req.Config, v, req.Channel, public); s != "" {
		cmd += " " + string(s)
	} else {
		cmd += " PATH"
	}
	return campaignbot.Button{
		ActionID: ActionSaveFile,
		Value:    strconv.FormatInt(f.Number, 10),
		Label:    req.T(campaignbot.T("handlers.save-to-the-knowledge-base", f.Name)),
		Style:    campaignbot.ButtonPrimary,
		Command:  cmd,
	}
}

// saveForm builds the form saving the given entries. Its folder picker is
// searchable: platforms that can, search the folders the user may save
// into as they type (suggestFolders); the options listed here are the
// first ones, for the others.
func saveForm(req *bot.Request, v *kbView, target saveTarget, title string, channel campaignbot.Channel) (bot.Form, error) {
	initial := suggestFolder(req.Config, v, channel, false)
	if !canSaveSomewhere(v) {
		return bot.Form{}, campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.there-is-no-folder-you-can", slash(req, "kb")))
	}
	pv, err := json.Marshal(target)
	if err != nil {
		return bot.Form{}, err
	}
	return bot.Form{
		Lang:         req.Lang,
		ID:           FormSave,
		Title:        req.T(campaignbot.T("handlers.save-to-knowledge-base")),
		Submit:       req.T(campaignbot.T("handlers.save")),
		PrivateValue: string(pv),
		Fields: []bot.FormField{
			{ID: FieldFolder, Label: req.T(campaignbot.T("handlers.folder")), Kind: bot.FieldSelect, Search: true,
				Options: folderOptions(v, "", maxFolderOptions), Initial: initialFolder(initial)},
			{ID: "title", Label: req.T(campaignbot.T("handlers.title")), Kind: bot.FieldText, Optional: true, Initial: title},
			{ID: "tags", Label: req.T(campaignbot.T("handlers.tags-separated-by-spaces-or-commas")), Kind: bot.FieldText, Optional: true},
		},
	}, nil
}

// openSaveForm opens the save form, or explains the typed command when the
// adapter has no forms.
func (h *kbHandler) openSaveForm(ctx context.Context, req *bot.Request, v *kbView, target saveTarget, title string, fallback string) error {
	form, err := saveForm(req, v, target, title, req.Channel)
	if err != nil {
		return err
	}
	if err := req.Chat.OpenForm(ctx, req.TriggerID, form); err != nil {
		if campaignbot.ErrorCode(err) == campaignbot.EINVALID {
			return req.ReplyPrivateText(ctx, campaignbot.T("handlers.type-to-save-it", fallback))
		}
		return err
	}
	return nil
}

// handleSaveButton answers a click on the one-click save button by opening
// the save form for that file.
func (h *kbHandler) handleSaveButton(ctx context.Context, req *bot.Request) error {
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	f, err := h.fileFor(ctx, req, v, req.Action.Value)
	if err != nil {
		return err
	}
	return h.openSaveForm(ctx, req, v, saveTarget{Files: []int64{f.Number}}, f.Title, saveButton(req, v, f, false).Command)
}

// handleShortcut answers the "Save to knowledge base" message shortcut: it
// opens the save form at once (the trigger expires within seconds), then
// receives each file of the message the user has no entry of yet, held for
// the user alone until the form files it. Files it cannot receive are
// reported to the user privately.
func (h *kbHandler) handleShortcut(ctx context.Context, req *bot.Request) error {
	m := req.Message
	if m == nil || len(m.Files) == 0 {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.that-message-has-no-files-to"))
	}
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	known, err := h.messageFiles(ctx, req, v, req.Channel.ID, m.TS)
	if err != nil {
		return err
	}
	title := ""
	if len(m.Files) == 1 {
		title = strings.TrimSpace(bot.ParseText(m.Text).Plain)
	}
	target := saveTarget{Channel: req.Channel.ID, TS: m.TS}
	if err := h.openSaveForm(ctx, req, v, target, title, "/"+slash(req, "kb")+" save PATH"); err != nil {
		return err
	}
	have := map[string]bool{}
	for _, f := range known {
		have[f.Name] = true
	}
	var failed []string
	for _, sf := range m.Files {
		name, err := campaignbot.CleanFileName(sf.Name)
		if err != nil || have[name] {
			continue
		}
		_, v, err = h.files.receive(ctx, req, v, sf, true)
		switch code := campaignbot.ErrorCode(err); {
		case err == nil, code == campaignbot.ECONFLICT:
		case code == campaignbot.EINTERNAL:
			h.log.Error("receiving a file for the save form failed", "file", sf.Name, "channel", req.Channel.ID, "err", err)
			failed = append(failed, req.T(campaignbot.T("handlers.could-not-receive", sf.Name, req.T(campaignbot.ErrorText(err)))))
		default:
			failed = append(failed, req.T(campaignbot.T("handlers.could-not-receive", sf.Name, req.T(campaignbot.ErrorText(err)))))
		}
	}
	if len(failed) > 0 {
		return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: strings.Join(failed, "\n")})
	}
	return nil
}

// messageFiles returns the entries of one shared message the user may see.
func (h *kbHandler) messageFiles(ctx context.Context, req *bot.Request, v *kbView, ch campaignbot.ChannelID, ts string) ([]*campaignbot.File, error) {
	files, err := h.kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: req.Workspace, Channel: ch, MessageTS: ts, Holder: req.User.ID})
	if err != nil {
		return nil, err
	}
	return v.visibleFiles(files), nil
}

// handleSaveForm saves the form's entries into the picked folder and
// announces it in each file's thread when everyone there may see the
// folder; otherwise, or when the bot cannot post there (a channel it has
// not joined), it tells the saver privately.
func (h *kbHandler) handleSaveForm(ctx context.Context, req *bot.Request) (bot.FormResult, error) {
	var target saveTarget
	if err := json.Unmarshal([]byte(req.Form.PrivateValue), &target); err != nil {
		return bot.FormResult{Errors: map[string]string{"": req.T(campaignbot.T("handlers.this-form-is-out-of-date"))}}, nil
	}
	v, err := h.view(ctx, req)
	if err != nil {
		return bot.FormResult{}, err
	}
	folder, err := v.folderOption(req, req.Form.Values[FieldFolder])
	if err != nil {
		return bot.FormResult{Errors: map[string]string{FieldFolder: req.T(campaignbot.ErrorText(err))}}, nil
	}
	var files []*campaignbot.File
	for _, n := range target.Files {
		f, err := h.fileFor(ctx, req, v, strconv.FormatInt(n, 10))
		if err != nil {
			return bot.FormResult{}, err
		}
		files = append(files, f)
	}
	if target.TS != "" {
		fs, err := h.messageFiles(ctx, req, v, target.Channel, target.TS)
		if err != nil {
			return bot.FormResult{}, err
		}
		files = append(files, fs...)
	}
	if len(files) == 0 {
		return bot.FormResult{Errors: map[string]string{"": req.T(campaignbot.T("handlers.the-files-of-that-message-are"))}}, nil
	}
	tags := campaignbot.SplitArgs(strings.ReplaceAll(req.Form.Values["tags"], ",", " "))
	title := strings.TrimSpace(req.Form.Values["title"])
	public := campaignbot.ReadersAt(v.folders, folder.Path)
	for _, f := range files {
		line, err := h.fileInto(ctx, req, v, f, folder, title, tags)
		if err != nil {
			if campaignbot.ErrorCode(err) == campaignbot.EINTERNAL {
				return bot.FormResult{}, err
			}
			line = req.T(campaignbot.T("handlers.could-not-save", f.Name, req.T(campaignbot.ErrorText(err))))
		}
		line += " " + req.T(campaignbot.T("handlers.by", bot.MentionUser(req.User.ID)))
		h.announce(ctx, req, f, line, public)
	}
	return bot.FormResult{}, nil
}

// announce says line in the thread of the file's share when everyone in
// its channel may see the folder it was saved to, and otherwise, or when
// that fails, to the saver only.
func (h *kbHandler) announce(ctx context.Context, req *bot.Request, f *campaignbot.File, line string, readers campaignbot.Readers) {
	m := campaignbot.OutgoingMessage{Text: line, ThreadID: f.MessageTS}
	ch := campaignbot.Channel{ID: f.Channel}
	if known, err := req.Chat.Channel(ctx, f.Channel); err == nil {
		ch = known
	}
	if f.Channel != "" && readers.IncludeChannel(ch) {
		_, err := req.Chat.Send(ctx, campaignbot.Recipient{Channel: f.Channel}, m)
		if err == nil {
			return
		}
		h.log.Info("announcing a save in its channel failed; telling the saver", "file", f.ID, "channel", f.Channel, "err", err)
	}
	m.ThreadID = ""
	if err := req.ReplyPrivately(ctx, m); err != nil {
		h.log.Warn("telling the saver about a save failed", "file", f.ID, "err", err)
	}
}

// initialFolder is the picker's initial value for a suggested path, ""
// for none.
func initialFolder(p campaignbot.FolderPath) string {
	if p == "" {
		return ""
	}
	return folderValue(p)
}
