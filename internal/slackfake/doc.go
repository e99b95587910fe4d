// Package slackfake is a loopback Slack for tests: an httptest server that
// speaks Slack's real wire formats, so the Slack adapter is exercised
// end to end without reaching slack.com.
//
// It serves the Web API methods the bot calls (auth.test, chat.postMessage,
// chat.postEphemeral, chat.update, views.open, views.publish, users.info,
// conversations.info, conversations.history, conversations.open,
// files.info, files.getUploadURLExternal, files.completeUploadExternal,
// usergroups.users.list and apps.connections.open) with the
// field names and shapes of Slack's documentation, records every call for
// assertions, and checks the bearer token. Messages the bot posts are kept
// per conversation, with their message metadata, and conversations.history
// returns them newest first; a message posted to a user id lands in the
// user's DM channel, whose id conversations.open returns. Socket Mode is a real websocket: hello, pings, envelopes, ack
// tracking, disconnect requests and redelivery of unacknowledged envelopes
// with retry_attempt. Shared files' bytes are served only with the bot
// token. Faults (429 with Retry-After, 5xx, slow answers, Slack errors) are
// injected per method, or for a time window with AddRule (an outage, a
// channel rate-limited for minutes); a slow answer takes effect and only its
// answer is late, as when Slack answers after the client's timeout. Sign
// signs HTTP-mode requests the way Slack does, and response_url targets are
// served and recorded too.
//
// It copies Slack's awkward truths, not its happy path: chat.postMessage
// takes a channel's name (with or without '#') and answers with its id,
// while conversations.history and conversations.replies take ids only;
// posts are limited to about one a second per conversation and by a
// workspace-wide limit, other methods by their tier, all answered 429 with
// Retry-After (DefaultLimits; SetLimits changes them). NewInProcess serves
// the same fake without a listener, so tests in a testing/synctest bubble
// run it on the bubble's clock.
//
// Modals are checked against Block Kit's limits (at most 100 options, option
// values of 150 characters and texts of 75; external selects list none), and
// the opened views are kept: BlockSuggestion and ViewSubmission build the
// payloads Slack sends for them, and CheckOptions checks an app's answer to
// a block_suggestion. Downloads honour Range requests and take injected
// faults (FailDownload: a status with Retry-After, or a body that breaks off),
// and a file shared only in private channels the bot is not in is hidden
// from it, as on Slack.
//
// Files upload as Slack's upload flow (v2) has them: files.getUploadURLExternal
// announces a name and a length and hands out a file id and an upload_url on
// the fake's own server; the bytes POSTed there (raw or as a multipart file
// part) must be exactly that length, or they are refused with 400 and the
// file stays not uploaded; files.completeUploadExternal answers
// file_not_found for an id never handed out, not uploaded or already
// completed, and shares the file into channel_id as a message carrying
// initial_comment, which conversations.history and Files then show. A
// length above the workspace's limit (SetMaxUpload, 1 GB by default) is
// file_upload_size_restricted, and faults for the upload step are queued
// under UploadMethod.
package slackfake
