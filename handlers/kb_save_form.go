package handlers

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// IDs of the knowledge base's button, shortcut and form.
const (
	// ActionSaveFile is the one-click save button; its Value is a file id.
	ActionSaveFile = "kb.file"
	// ShortcutSave is the "Save to knowledge base" message shortcut.
	ShortcutSave = "kb_save"
	// FormSave is the save form: a folder picker, a title and tags.
	FormSave = "kb.save"
)

// saveTarget is the PrivateValue of the save form: the entries, or the
// message whose entries are saved.
type saveTarget struct {
	Files   []int64               `json:"files,omitempty"`
	Channel campaignbot.ChannelID `json:"channel,omitempty"`
	TS      string                `json:"ts,omitempty"`
}

// suggestFolder guesses where a file shared in channel belongs: an editable
// folder whose name appears in the channel's name (#double11-design →
// Double 11/Design), else the first editable folder.
func suggestFolder(v *kbView, channel campaignbot.Channel) campaignbot.FolderPath {
	name := strings.ToLower(channel.Name)
	var first campaignbot.FolderPath
	for _, f := range v.folders {
		if f.Archived || !v.access.Can(&f.ID, campaignbot.RoleEditor) {
			continue
		}
		if first == "" {
			first = f.Path
		}
		seg := strings.ToLower(strings.ReplaceAll(f.Path.Name(), " ", "-"))
		if f.Path.Depth() > 1 && name != "" && strings.Contains(name, seg) {
			return f.Path
		}
	}
	return first
}

// saveButton is the one-click save offered for an unfiled entry.
func saveButton(req *bot.Request, v *kbView, f *campaignbot.File) campaignbot.Button {
	cmd := "/" + slash(req, "kb") + " file " + strconv.FormatInt(f.ID, 10)
	if s := suggestFolder(v, req.Channel); s != "" {
		cmd += " " + string(s)
	} else {
		cmd += " PATH"
	}
	return campaignbot.Button{
		ActionID: ActionSaveFile,
		Value:    strconv.FormatInt(f.ID, 10),
		Label:    req.Tf("Save %s to the knowledge base", "把 %s 保存到知识库", f.Name),
		Style:    campaignbot.ButtonPrimary,
		Command:  cmd,
	}
}

// saveForm builds the form saving the given entries.
func saveForm(req *bot.Request, v *kbView, target saveTarget, title string, channel campaignbot.Channel) (bot.Form, error) {
	var opts []bot.FormOption
	for _, f := range v.folders {
		if !f.Archived && v.access.Can(&f.ID, campaignbot.RoleEditor) {
			opts = append(opts, bot.FormOption{Value: string(f.Path), Label: string(f.Path)})
		}
	}
	if len(opts) == 0 {
		return bot.Form{}, campaignbot.Errorf(campaignbot.EFORBIDDEN, "There is no folder you can save into; create one with /%s mkdir PATH.",
			"没有你可以保存到的文件夹，请先用 /%s mkdir 路径 新建。", slash(req, "kb"))
	}
	pv, err := json.Marshal(target)
	if err != nil {
		return bot.Form{}, err
	}
	return bot.Form{
		ID:           FormSave,
		Title:        req.Tf("Save to knowledge base", "保存到知识库"),
		Submit:       req.Tf("Save", "保存"),
		PrivateValue: string(pv),
		Fields: []bot.FormField{
			{ID: "folder", Label: req.Tf("Folder", "文件夹"), Kind: bot.FieldSelect, Options: opts, Initial: string(suggestFolder(v, channel))},
			{ID: "title", Label: req.Tf("Title", "标题"), Kind: bot.FieldText, Optional: true, Initial: title},
			{ID: "tags", Label: req.Tf("Tags (separated by spaces or commas)", "标签（用空格或逗号分隔）"), Kind: bot.FieldText, Optional: true},
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
			return req.ReplyPrivateText(ctx, campaignbot.Textf("Type %s to save it.", "输入 %s 即可保存。", fallback))
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
	return h.openSaveForm(ctx, req, v, saveTarget{Files: []int64{f.ID}}, f.Title, saveButton(req, v, f).Command)
}

// handleShortcut answers the "Save to knowledge base" message shortcut: it
// opens the save form at once (the trigger expires within seconds), then
// receives, unfiled, any file of the message the bot has no entry for yet.
func (h *kbHandler) handleShortcut(ctx context.Context, req *bot.Request) error {
	m := req.Message
	if m == nil || len(m.Files) == 0 {
		return campaignbot.Errorf(campaignbot.EINVALID, "That message has no files to save.", "这条消息没有可保存的文件。")
	}
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	known, err := h.kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: req.Workspace, Channel: req.Channel.ID, MessageTS: m.TS})
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
	for _, sf := range m.Files {
		name, err := campaignbot.CleanFileName(sf.Name)
		if err != nil || have[name] {
			continue
		}
		if _, _, err := h.files.store(ctx, req, sf, false); err != nil && campaignbot.ErrorCode(err) != campaignbot.ECONFLICT {
			h.log.Warn("receiving a file for the save shortcut failed", "file", sf.Name, "err", err)
		}
	}
	return nil
}

// handleSaveForm saves the form's entries into the picked folder and
// announces it in each file's thread.
func (h *kbHandler) handleSaveForm(ctx context.Context, req *bot.Request) (bot.FormResult, error) {
	var target saveTarget
	if err := json.Unmarshal([]byte(req.Form.PrivateValue), &target); err != nil {
		return bot.FormResult{Errors: map[string]string{"": req.Tf("This form is out of date; please open it again.", "表单已过期，请重新打开。")}}, nil
	}
	v, err := h.view(ctx, req)
	if err != nil {
		return bot.FormResult{}, err
	}
	folder, err := v.folder(req, req.Form.Values["folder"])
	if err != nil {
		return bot.FormResult{Errors: map[string]string{"folder": req.T(campaignbot.ErrorText(err))}}, nil
	}
	var files []*campaignbot.File
	for _, id := range target.Files {
		f, err := h.fileFor(ctx, req, v, strconv.FormatInt(id, 10))
		if err != nil {
			return bot.FormResult{}, err
		}
		files = append(files, f)
	}
	if target.TS != "" {
		fs, err := h.kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: req.Workspace, Channel: target.Channel, MessageTS: target.TS})
		if err != nil {
			return bot.FormResult{}, err
		}
		files = append(files, fs...)
	}
	if len(files) == 0 {
		return bot.FormResult{Errors: map[string]string{"": req.Tf("I am still receiving the files; try again in a moment.", "文件仍在接收中，请稍后再试。")}}, nil
	}
	tags := campaignbot.SplitArgs(strings.ReplaceAll(req.Form.Values["tags"], ",", " "))
	title := strings.TrimSpace(req.Form.Values["title"])
	for _, f := range files {
		if !v.access.CanSee(f.FolderID) {
			continue
		}
		line, err := h.fileInto(ctx, req, v, f, folder, title, tags)
		if err != nil {
			if campaignbot.ErrorCode(err) == campaignbot.EINTERNAL {
				return bot.FormResult{}, err
			}
			line = req.Tf("Could not save %s: %s", "未能保存 %s：%s", f.Name, req.T(campaignbot.ErrorText(err)))
		}
		line += " " + req.Tf("(by %s)", "（由 %s 保存）", bot.MentionUser(req.User.ID))
		if _, err := req.Chat.Send(ctx, campaignbot.Recipient{Channel: f.Channel}, campaignbot.OutgoingMessage{Text: line, ThreadID: f.MessageTS}); err != nil {
			h.log.Warn("announcing a save failed", "file", f.ID, "err", err)
		}
	}
	return bot.FormResult{}, nil
}
