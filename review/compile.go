package review

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/chart"
)

// Compiler compiles reviews from the stores.
type Compiler struct {
	Todos     campaignbot.TodoService
	Reminders campaignbot.ReminderStore
	KB        campaignbot.KnowledgeBase
	Blobs     campaignbot.BlobStore
	// Charts draws the chart; nil compiles the review without it.
	Charts *chart.Renderer
	// Directory names users and tells which channels are private; without
	// it users show as ids and only the campaign channel is named.
	Directory campaignbot.Directory
}

// Options say which review to compile.
type Options struct {
	Workspace campaignbot.WorkspaceID
	Campaign  campaignbot.Campaign
	// All are the configured campaigns (see campaignbot.TodoInCampaign).
	All      []campaignbot.Campaign
	At       time.Time
	Location *time.Location
	Language campaignbot.Language
}

// Compile compiles campaign o.Campaign's review as of o.At.
func (c Compiler) Compile(ctx context.Context, o Options) (*Report, error) {
	camp := o.Campaign
	all, err := c.campaignTodos(ctx, o)
	if err != nil {
		return nil, err
	}
	// The review measures the campaign at o.At: what was asked or done
	// after it (while an automatic review waited for a retry) is not in it.
	var todos []*campaignbot.Todo
	for _, t := range all {
		if t := asOf(t, o.At); t != nil {
			todos = append(todos, t)
		}
	}
	r := &Report{Campaign: camp, At: o.At, Location: o.Location, Language: o.Language}
	r.Progress = campaignbot.CampaignProgress(camp, todos, o.At, o.Location)
	if r.Milestones, err = c.milestones(ctx, camp); err != nil {
		return nil, err
	}
	var folders []*campaignbot.Folder
	if c.KB != nil {
		if folders, err = c.KB.Folders(ctx, o.Workspace); err != nil {
			return nil, fmt.Errorf("review %s: folders: %w", camp.ID, err)
		}
	}
	reviewReaders := campaignbot.ReadersAt(folders, camp.ReviewFolder)
	r.FolderNamed = reviewReaders.Open
	if !r.FolderNamed && c.Directory != nil {
		if info, err := c.Directory.Channel(ctx, camp.Channel); err == nil {
			r.FolderNamed = readOnlyBy(reviewReaders, info)
		}
	}
	names := &namer{dir: c.Directory, campaign: camp.Channel, reviewReaders: reviewReaders,
		users: map[campaignbot.UserID]string{}, channels: map[campaignbot.ChannelID]channelName{}}
	c.todoGroups(ctx, r, todos, names)
	if err := c.files(ctx, r, o.Workspace, folders); err != nil {
		return nil, err
	}
	if c.Charts != nil {
		p := r.Progress
		p.Departments, p.Owners = nil, nil // the chart draws counts and milestones only
		png, err := c.Charts.Progress(p, o.Language, o.Location)
		if err != nil {
			return nil, fmt.Errorf("review %s: chart: %w", camp.ID, err)
		}
		r.Chart = png
	}
	return r, nil
}

// campaignTodos returns the to-dos of workspace ws that count for the
// campaign (see campaignbot.TodoInCampaign), done and open ones.
func (c Compiler) campaignTodos(ctx context.Context, o Options) ([]*campaignbot.Todo, error) {
	all, err := c.Todos.FindTodos(ctx, campaignbot.TodoFilter{Workspace: o.Workspace,
		Statuses: []campaignbot.TodoStatus{campaignbot.TodoOpen, campaignbot.TodoDone}})
	if err != nil {
		return nil, fmt.Errorf("review %s: %w", o.Campaign.ID, err)
	}
	var out []*campaignbot.Todo
	for _, t := range all {
		if campaignbot.TodoInCampaign(t, o.Campaign, o.All) {
			out = append(out, t)
		}
	}
	return out, nil
}

// asOf returns to-do t as it stood at instant at: nil when it was created
// after at, a copy still open when it was done after at, else t.
func asOf(t *campaignbot.Todo, at time.Time) *campaignbot.Todo {
	switch {
	case !t.CreatedAt.IsZero() && t.CreatedAt.After(at):
		return nil
	case t.Status == campaignbot.TodoDone && t.DoneAt.After(at):
		open := *t
		open.Status, open.DoneAt, open.DoneBy = campaignbot.TodoOpen, time.Time{}, ""
		return &open
	}
	return t
}

// milestones reads how each milestone's reminders went from the delivery
// log.
func (c Compiler) milestones(ctx context.Context, camp campaignbot.Campaign) ([]MilestoneLine, error) {
	ms := slices.Clone(camp.Milestones)
	slices.SortStableFunc(ms, func(a, b campaignbot.Milestone) int { return a.At.Compare(b.At) })
	lines := make([]MilestoneLine, len(ms))
	byID := map[string]*MilestoneLine{}
	for i, m := range ms {
		lines[i].Milestone = m
		byID[m.ID] = &lines[i]
	}
	if c.Reminders == nil {
		return lines, nil
	}
	rs, err := c.Reminders.Reminders(ctx, campaignbot.ReminderFilter{Prefix: "milestone:" + camp.ID + "/"})
	if err != nil {
		return nil, fmt.Errorf("review %s: reminders: %w", camp.ID, err)
	}
	for _, rem := range rs {
		l := byID[strings.TrimPrefix(rem.Source, "milestone:"+camp.ID+"/")]
		if l == nil {
			continue
		}
		switch rem.Status {
		case campaignbot.ReminderSent:
			l.Sent++
		case campaignbot.ReminderFailed, campaignbot.ReminderMissed:
			l.Failed++
			reason := rem.Reason
			if reason == "" {
				reason = string(rem.Status)
			}
			if !slices.Contains(l.Reasons, reason) {
				l.Reasons = append(l.Reasons, reason)
			}
		case campaignbot.ReminderPending, campaignbot.ReminderSending:
			l.Pending++
		}
	}
	return lines, nil
}

// todoGroups counts the to-dos by owner and by department and lists the
// late ones.
func (c Compiler) todoGroups(ctx context.Context, r *Report, todos []*campaignbot.Todo, names *namer) {
	owners := map[campaignbot.UserID]*Group{}
	depts := map[campaignbot.ChannelID]*Group{}
	for _, t := range todos {
		late := lateness(t, r.At)
		ch, named := names.channel(ctx, t.Channel)
		var groups []*Group
		if t.Channel != "" {
			if named {
				if depts[t.Channel] == nil {
					depts[t.Channel] = &Group{Label: ch}
				}
				groups = append(groups, depts[t.Channel])
			} else {
				groups = append(groups, &r.PrivateDepartments)
			}
		}
		var ownerNames []string
		for _, u := range t.Assignees {
			if owners[u] == nil {
				owners[u] = &Group{Label: names.user(ctx, u)}
			}
			if !slices.Contains(groups, owners[u]) {
				groups = append(groups, owners[u])
				ownerNames = append(ownerNames, owners[u].Label)
			}
		}
		for _, g := range groups {
			add(g, t, r.At, late)
		}
		if late > 0 {
			l := OverdueLine{Number: t.Number, Owners: ownerNames, Open: t.Status == campaignbot.TodoOpen, By: late}
			if named {
				l.Title = t.Title
			}
			r.Overdue = append(r.Overdue, l)
		}
	}
	slices.SortStableFunc(r.Overdue, func(a, b OverdueLine) int {
		return cmp.Or(cmp.Compare(b.By, a.By), cmp.Compare(a.Number, b.Number))
	})
	if len(r.Overdue) > MaxOverdue {
		r.Overdue = r.Overdue[:MaxOverdue]
	}
	r.Owners = sorted(owners)
	r.Departments = sorted(depts)
}

// lateness is how long t was (done late) or is (open) past its due time
// at now; 0 when it is not late.
func lateness(t *campaignbot.Todo, now time.Time) time.Duration {
	if t.Due.IsZero() {
		return 0
	}
	end := now
	if t.Status == campaignbot.TodoDone {
		end = t.DoneAt
	}
	return max(end.Sub(t.Due), 0)
}

// add counts t in g.
func add(g *Group, t *campaignbot.Todo, now time.Time, late time.Duration) {
	switch t.Status {
	case campaignbot.TodoOpen:
		g.Open++
		if !t.Due.IsZero() && t.Due.Before(now) {
			g.Overdue++
		}
	case campaignbot.TodoDone:
		g.Done++
		if late > 0 {
			g.Late++
		} else {
			g.DoneOnTime++
		}
	}
	g.LongestOverdue = max(g.LongestOverdue, late)
}

// sorted returns the groups by label.
func sorted[K comparable](m map[K]*Group) []Group {
	out := make([]Group, 0, len(m))
	for _, g := range m {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b Group) int { return strings.Compare(a.Label, b.Label) })
	return out
}

// files lists the files added to the knowledge base during the campaign:
// from the first day of its burn-down (or 90 days before D-day) to At.
// Files of folders not open to everyone count only as a total, and the
// review's own files are left out. A file counts once, whatever versions
// of it were added.
func (c Compiler) files(ctx context.Context, r *Report, ws campaignbot.WorkspaceID, folders []*campaignbot.Folder) error {
	if c.KB == nil {
		return nil
	}
	from := r.Campaign.DDay.AddDate(0, 0, -campaignbot.MaxBurndownDays)
	if len(r.Progress.Burndown) > 0 {
		from = r.Progress.Burndown[0].Day
	}
	files, err := c.KB.FindFiles(ctx, campaignbot.FileFilter{Workspace: ws})
	if err != nil {
		return fmt.Errorf("review %s: files: %w", r.Campaign.ID, err)
	}
	byID := map[int64]*campaignbot.Folder{}
	for _, f := range folders {
		byID[f.ID] = f
	}
	open := map[int64]*FolderLine{}
	hidden := map[int64]bool{}
	// seen holds folder and name of each file counted: its versions count
	// once.
	type entry struct {
		folder int64
		name   string
	}
	seen := map[entry]bool{}
	for _, f := range files {
		added := f.SharedAt
		if added.IsZero() {
			added = f.CreatedAt
		}
		if f.FolderID == nil || added.Before(from) || added.After(r.At) {
			continue
		}
		folder := byID[*f.FolderID]
		if folder == nil || ownFile(r.Campaign, folder, f) {
			continue
		}
		e := entry{folder.ID, strings.ToLower(f.Name)}
		if seen[e] {
			continue
		}
		seen[e] = true
		if !campaignbot.ReadersAt(folders, folder.Path).Open {
			hidden[folder.ID] = true
			r.Restricted.Files++
			continue
		}
		if open[folder.ID] == nil {
			open[folder.ID] = &FolderLine{Path: folder.Path}
		}
		open[folder.ID].Files = append(open[folder.ID].Files, f.Name)
	}
	r.Restricted.Folders = len(hidden)
	for _, l := range open {
		slices.Sort(l.Files)
		r.Folders = append(r.Folders, *l)
	}
	slices.SortFunc(r.Folders, func(a, b FolderLine) int { return strings.Compare(string(a.Path), string(b.Path)) })
	return nil
}

// ownFile reports whether f is one of the campaign's review files.
func ownFile(c campaignbot.Campaign, folder *campaignbot.Folder, f *campaignbot.File) bool {
	return strings.EqualFold(string(folder.Path), string(c.ReviewFolder)) && strings.HasPrefix(f.Name, c.ID+"-review-")
}

// channelName is a channel's label and whether the review may name it.
type channelName struct {
	label string
	named bool
}

// namer names users and channels for the review, once each.
type namer struct {
	dir      campaignbot.Directory
	campaign campaignbot.ChannelID
	// reviewReaders are who may read the review folder.
	reviewReaders campaignbot.Readers
	users         map[campaignbot.UserID]string
	channels      map[campaignbot.ChannelID]channelName
}

// user returns "@handle", or the id when the directory does not know it.
func (n *namer) user(ctx context.Context, id campaignbot.UserID) string {
	if s, ok := n.users[id]; ok {
		return s
	}
	s := "@" + string(id)
	if n.dir != nil {
		if u, err := n.dir.User(ctx, id); err == nil && u.Name != "" {
			s = "@" + u.Name
		}
	}
	n.users[id] = s
	return s
}

// channel returns "#name" and whether the review may name the channel and
// its to-dos: a channel the directory says is public, or the campaign
// channel when it is private and the review folder is restricted to its
// members (the review is read there too). A channel it cannot look up
// counts as private.
func (n *namer) channel(ctx context.Context, id campaignbot.ChannelID) (string, bool) {
	if c, ok := n.channels[id]; ok {
		return c.label, c.named
	}
	c := channelName{label: "#" + strings.TrimPrefix(string(id), "#")}
	if n.dir != nil {
		if info, err := n.dir.Channel(ctx, id); err == nil {
			c.named = !info.Private && !info.IsDM
			if campaignbot.SameChannel(n.campaign, info) && info.Private {
				c.named = readOnlyBy(n.reviewReaders, info)
			}
			if info.Name != "" {
				c.label = "#" + info.Name
			}
		}
	}
	n.channels[id] = c
	return c.label, c.named
}

// readOnlyBy reports whether only the members of channel (and admins) may
// read a folder with readers r: it is restricted and every grant is to
// that channel.
func readOnlyBy(r campaignbot.Readers, channel campaignbot.Channel) bool {
	if r.Open || len(r.Grants) == 0 {
		return false
	}
	for _, g := range r.Grants {
		if g.Kind != campaignbot.PrincipalChannel || !campaignbot.SameChannel(campaignbot.ChannelID(g.Principal), channel) {
			return false
		}
	}
	return true
}
