package todotext_test

// The message catalogs register themselves when linked; the texts these
// tests render come from them.
import _ "github.com/campaignbot/campaignbot/locale"
