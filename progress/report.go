package progress

import (
	"context"
	"fmt"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/chart"
)

// Reporter measures campaigns and writes their reports.
type Reporter struct {
	Todos campaignbot.TodoService
	// Charts draws the chart; nil sends the summary alone.
	Charts *chart.Renderer
}

// Measure returns campaign c's progress at now from the to-dos of
// workspace ws ("" means every workspace) that count for it among all the
// configured campaigns (see campaignbot.TodoInCampaign).
func (r Reporter) Measure(ctx context.Context, ws campaignbot.WorkspaceID, c campaignbot.Campaign, all []campaignbot.Campaign, now time.Time, loc *time.Location) (campaignbot.Progress, error) {
	todos, err := r.Todos.FindTodos(ctx, campaignbot.TodoFilter{Workspace: ws,
		Statuses: []campaignbot.TodoStatus{campaignbot.TodoOpen, campaignbot.TodoDone}})
	if err != nil {
		return campaignbot.Progress{}, fmt.Errorf("progress %s: %w", c.ID, err)
	}
	mine := todos[:0]
	for _, t := range todos {
		if campaignbot.TodoInCampaign(t, c, all) {
			mine = append(mine, t)
		}
	}
	return campaignbot.CampaignProgress(c, mine, now, loc), nil
}

// Message returns the report of p: the summary in lang with times in loc,
// and the chart as its attachment when r draws charts.
func (r Reporter) Message(p campaignbot.Progress, lang campaignbot.Language, loc *time.Location) (campaignbot.OutgoingMessage, error) {
	m := campaignbot.OutgoingMessage{Text: Summary(p, lang, loc)}
	if r.Charts == nil {
		return m, nil
	}
	png, err := r.Charts.Progress(p, lang, loc)
	if err != nil {
		return m, fmt.Errorf("progress %s: %w", p.Campaign.ID, err)
	}
	day := p.At.In(loc).Format("2006-01-02")
	m.Attachment = &campaignbot.Attachment{
		Name:  fmt.Sprintf("%s-progress-%s.png", p.Campaign.ID, day),
		Title: campaignbot.T("progress.progress", p.Campaign.Name, day).In(lang),
		Data:  png,
	}
	return m, nil
}
