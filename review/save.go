package review

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/campaignbot/campaignbot"
)

// Saved is a review saved into the knowledge base: its folder and files
// (Markdown, HTML and, when drawn, the chart), as /kb numbers them.
type Saved struct {
	Folder   campaignbot.FolderPath
	Markdown *campaignbot.File
	HTML     *campaignbot.File
	Chart    *campaignbot.File
}

// Files returns the review's files: name and bytes, Markdown first, then
// HTML and the chart; the names carry the campaign id and the day of At.
func (r *Report) Files() ([]NamedFile, error) {
	base := fmt.Sprintf("%s-review-%s", r.Campaign.ID, r.At.In(r.Location).Format("2006-01-02"))
	chartName := ""
	if r.Chart != nil {
		chartName = base + "-chart.png"
	}
	html, err := r.HTML()
	if err != nil {
		return nil, err
	}
	out := []NamedFile{{Name: base + ".md", MIME: "text/markdown; charset=utf-8", Data: r.Markdown(chartName)},
		{Name: base + ".html", MIME: "text/html; charset=utf-8", Data: html}}
	if chartName != "" {
		out = append(out, NamedFile{Name: chartName, MIME: "image/png", Data: r.Chart})
	}
	return out, nil
}

// NamedFile is one file of a review.
type NamedFile struct {
	Name string
	MIME string
	Data []byte
}

// Save saves the review's files into the campaign's review folder
// (created when missing, its permissions as configured) as by. Saving the
// same review again keeps the files it saved before; a changed review
// becomes their next version. Returns EFORBIDDEN when the folder, or one
// above it, is archived.
func (c Compiler) Save(ctx context.Context, ws campaignbot.WorkspaceID, r *Report, by campaignbot.UserID) (*Saved, error) {
	files, err := r.Files()
	if err != nil {
		return nil, err
	}
	if err := c.underArchive(ctx, ws, r.Campaign.ReviewFolder); err != nil {
		return nil, err
	}
	folder, err := c.KB.EnsureFolder(ctx, ws, r.Campaign.ReviewFolder)
	if err != nil {
		return nil, fmt.Errorf("review %s: folder %s: %w", r.Campaign.ID, r.Campaign.ReviewFolder, err)
	}
	s := &Saved{Folder: folder.Path}
	for i, nf := range files {
		f, err := c.saveFile(ctx, ws, folder, r, nf, by)
		if err != nil {
			return nil, err
		}
		switch i {
		case 0:
			s.Markdown = f
		case 1:
			s.HTML = f
		default:
			s.Chart = f
		}
	}
	return s, nil
}

// underArchive returns EFORBIDDEN when folder p or a folder above it is
// archived: a review folder missing there is not created inside the
// read-only tree.
func (c Compiler) underArchive(ctx context.Context, ws campaignbot.WorkspaceID, p campaignbot.FolderPath) error {
	folders, err := c.KB.Folders(ctx, ws)
	if err != nil {
		return fmt.Errorf("review: folders: %w", err)
	}
	for _, f := range folders {
		if f.Archived && (strings.EqualFold(string(f.Path), string(p)) || strings.HasPrefix(strings.ToLower(string(p)), strings.ToLower(string(f.Path))+"/")) {
			return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("review.the-folder-is-archived-and-read", f.Path))
		}
	}
	return nil
}

// saveFile adds one file, or finds it when its latest version has the
// same bytes.
func (c Compiler) saveFile(ctx context.Context, ws campaignbot.WorkspaceID, folder *campaignbot.Folder, r *Report, nf NamedFile, by campaignbot.UserID) (*campaignbot.File, error) {
	blob, err := c.Blobs.Put(ctx, bytes.NewReader(nf.Data), 0)
	if err != nil {
		return nil, fmt.Errorf("review %s: store %s: %w", r.Campaign.ID, nf.Name, err)
	}
	f := &campaignbot.File{Workspace: ws, FolderID: &folder.ID, Title: nf.Name, Name: nf.Name, MIME: nf.MIME,
		Size: blob.Size, SHA256: blob.SHA256, Uploader: by, SavedBy: by, Channel: r.Campaign.Channel, SharedAt: r.At.UTC()}
	err = c.KB.AddFile(ctx, f)
	if campaignbot.ErrorCode(err) == campaignbot.ECONFLICT {
		same, ferr := c.KB.FindFiles(ctx, campaignbot.FileFilter{Workspace: ws, FolderID: &folder.ID, SHA256: blob.SHA256})
		if ferr != nil {
			return nil, fmt.Errorf("review %s: %s: %w", r.Campaign.ID, nf.Name, ferr)
		}
		if i := slices.IndexFunc(same, func(x *campaignbot.File) bool { return strings.EqualFold(x.Name, nf.Name) }); i >= 0 {
			return same[i], nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("review %s: save %s: %w", r.Campaign.ID, nf.Name, err)
	}
	return f, nil
}

// Announcement is the review's post in the campaign channel: the key
// figures and the numbers of the saved files (when the channel may read
// their folder), with the chart attached.
func (r *Report) Announcement(s *Saved, command string) campaignbot.OutgoingMessage {
	lang, t := r.Language, r.Progress.Total
	var sent, failed int
	for _, m := range r.Milestones {
		sent += m.Sent
		failed += m.Failed
	}
	text := campaignbot.T("review.review-as-of-to-dos-done-c9a096", r.Campaign.Name, r.At.In(r.Location).Format("2006-01-02 15:04"), t.Open+t.Done, t.Done, t.DoneOnTime, t.Open, t.Overdue, rate(Group{ProgressCounts: t}, lang), sent, failed).In(lang)
	switch {
	case s != nil && r.FolderNamed:
		text += "\n" + campaignbot.T("review.saved-to-open-with-info", s.Folder, s.HTML.Number, s.HTML.Name, s.Markdown.Number, s.Markdown.Name, command, s.HTML.Number).In(lang)
	case s != nil:
		// The channel may not read the review folder: it is not named.
		text += "\n" + campaignbot.T("review.the-full-review-is-saved-in").In(lang)
	}
	m := campaignbot.OutgoingMessage{Text: text}
	if r.Chart != nil {
		m.Attachment = &campaignbot.Attachment{
			Name:  fmt.Sprintf("%s-review-%s-chart.png", r.Campaign.ID, r.At.In(r.Location).Format("2006-01-02")),
			Title: campaignbot.T("review.review-98d8f1", r.Campaign.Name).In(lang),
			Data:  r.Chart,
		}
	}
	return m
}
