package main

// The message catalogs register themselves with package campaignbot when
// linked; every reply of the bot is resolved through them.
import _ "github.com/campaignbot/campaignbot/locale"
