// Package slack is campaignbot's Slack adapter, built on
// github.com/slack-go/slack (the only package of the project importing it).
//
// Adapter implements bot.Adapter in both connection modes of slack.mode:
// Socket Mode (a websocket opened with the app-level token; every envelope
// is acknowledged at once, then worked on) and HTTP mode (Handler serves
// /slack/events, /slack/commands and /slack/interactivity; every request is
// verified with the signing secret before it is parsed).
//
// Slack's markup is the bot's canonical markup, so message text passes
// through unchanged. Outgoing messages become Block Kit blocks; forms
// become modals; the home page is the App Home tab. All Web API calls go
// through one slack-go client honouring slack.api_url, paced per channel
// and per workspace, retried after 429 (Retry-After) and 5xx with backoff,
// and failed with a *campaignbot.DeliveryError that says whether trying
// again can help.
//
// Reminders carry their key as message metadata, so the adapter also
// implements campaignbot.DeliveryChecker: a reminder whose first delivery
// has an unknown outcome is looked for in the conversation's history
// before it is sent again. Incoming messages get their permalink, built
// from the workspace URL auth.test reports without a call per message.
//
// The adapter implements campaignbot.Membership for knowledge-base grants
// to channels and user groups: channel names (as the config lists them)
// resolve through conversations.list and group handles through
// usergroups.list; members come from conversations.members and
// usergroups.users.list; all of it is cached for Options.CacheTTL. Every
// incoming request's Channel says whether it is private, from
// conversations.info, or, when the bot cannot see the channel, from the
// payload. Slash commands carry no thread: saving a thread's files works
// through the "Save to knowledge base" message shortcut, whose message
// carries its ThreadTS.
//
// Searchable select fields (bot.FormField.Search) become external_select
// menus, whose options Slack asks for with block_suggestion while the user
// types; the answer comes from the Router's suggestion handlers within
// Slack's 3 seconds, within its limits (100 options, values of at most 150
// characters). A form opened from a shortcut, button or command carries
// that trigger's response_url in its private_metadata, so the submission
// can answer there, also in channels the bot has not joined. File
// downloads retry transient failures with backoff and resume a body that
// broke off (Range).
//
// Deduplication is the Router's (campaignbot.EventLog): messages carry
// Slack's event_id, slash commands, button clicks and shortcuts their
// trigger_id, which Socket Mode redeliveries repeat unchanged.
package slack
