// Package bot is campaignbot's platform-neutral chat core.
//
// Chat adapters (bot/console, bot/slack) turn what their platform delivers
// into Message, Command and Action values and hand them to an Inbox — in
// practice the Router, which deduplicates events, finds the handler, renders
// replies in the configured language and turns errors into polite,
// user-safe replies. Adapters implement Chat so handlers can post, DM,
// reply privately, update messages, open forms and download shared files
// without knowing which platform they run on.
//
// Text is exchanged in one canonical markup, Slack's: mentions are
// <@USERID>, <#CHANNELID|name> and <!subteam^GROUPID|@handle>, and the
// characters &, < and > are escaped as &amp;, &lt; and &gt;. ParseText
// splits such text into plain words and mentions.
package bot
