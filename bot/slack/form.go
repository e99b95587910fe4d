package slack

import (
	"unicode/utf8"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// Modal limits.
const (
	maxModalTitle  = 24
	maxOptions     = 100
	maxOptionValue = 150
	maxOptionText  = 75
	// formErrorBlock receives form-level errors (FormResult.Errors[""]),
	// which Slack can only show beside a block.
	formErrorBlock = ""
)

// modalView renders a form as a modal: text fields become plain_text_input,
// select fields static_select, searchable ones external_select (Slack asks
// for their options with block_suggestion as the user types); block and
// action ids are the field ids.
func modalView(f bot.Form, lang campaignbot.Language) slackgo.ModalViewRequest {
	var blocks []slackgo.Block
	for _, field := range f.Fields {
		var elem slackgo.BlockElement
		switch field.Kind {
		case bot.FieldSelect:
			opts := selectOptions(field.Options)
			var initial *slackgo.OptionBlockObject
			for _, o := range opts {
				if o.Value == field.Initial {
					initial = o
				}
			}
			var sel *slackgo.SelectBlockElement
			if field.Search {
				sel = slackgo.NewOptionsSelectBlockElement(slackgo.OptTypeExternal, nil, field.ID)
				sel.MinQueryLength = new(int) // list options as soon as the menu opens
			} else {
				sel = slackgo.NewOptionsSelectBlockElement(slackgo.OptTypeStatic, nil, field.ID, opts...)
			}
			if initial != nil {
				sel = sel.WithInitialOption(initial)
			}
			elem = sel
		default:
			in := slackgo.NewPlainTextInputBlockElement(nil, field.ID)
			in.InitialValue = field.Initial
			elem = in
		}
		block := slackgo.NewInputBlock(field.ID, plain(truncate(field.Label, 2000)), nil, elem)
		block.Optional = field.Optional
		blocks = append(blocks, block)
	}
	cancel := campaignbot.T("slack.cancel").In(lang)
	submit := f.Submit
	if submit == "" {
		submit = campaignbot.T("slack.save").In(lang)
	}
	return slackgo.ModalViewRequest{
		Type:            slackgo.VTModal,
		Title:           plain(truncateRunes(f.Title, maxModalTitle)),
		Submit:          plain(truncateRunes(submit, maxModalTitle)),
		Close:           plain(cancel),
		CallbackID:      f.ID,
		PrivateMetadata: f.PrivateValue,
		Blocks:          slackgo.Blocks{BlockSet: blocks},
	}
}

// selectOptions renders up to Slack's 100 options, leaving out any whose
// value is over Slack's 150 characters (Slack would refuse the whole
// view; handlers keep values short) and shortening texts to 75.
func selectOptions(options []bot.FormOption) []*slackgo.OptionBlockObject {
	var out []*slackgo.OptionBlockObject
	for _, o := range options {
		if len(out) == maxOptions {
			break
		}
		if o.Value == "" || utf8.RuneCountInString(o.Value) > maxOptionValue {
			continue
		}
		out = append(out, slackgo.NewOptionBlockObject(o.Value, plain(truncateRunes(o.Label, maxOptionText)), nil))
	}
	return out
}

// viewErrors maps a FormResult's errors to Slack's response_action
// "errors" object, keyed by block id; form-level errors go beside the
// first block.
func viewErrors(res bot.FormResult, v *viewPayload) map[string]string {
	if len(res.Errors) == 0 {
		return nil
	}
	out := map[string]string{}
	first := ""
	if v != nil && len(v.Blocks) > 0 {
		first = v.Blocks[0].BlockID
	}
	for k, msg := range res.Errors {
		if k == formErrorBlock {
			k = first
		}
		if prev, ok := out[k]; ok {
			msg = prev + " " + msg
		}
		out[k] = truncate(msg, 2000)
	}
	return out
}

// truncateRunes shortens s to n characters.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
