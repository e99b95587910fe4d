package config

import "github.com/campaignbot/campaignbot"

// CampaignLanguage returns the language of the campaign with the given id:
// its `language`, else the config's.
func (c *Config) CampaignLanguage(id string) campaignbot.Language {
	if cp, ok := c.Campaign(id); ok && cp.Language != "" {
		return cp.Language
	}
	return c.Language
}

// ChannelLanguage returns the language of posts to a channel: the
// `language` of the first campaign whose channel it is, else the
// config's.
func (c *Config) ChannelLanguage(ch campaignbot.ChannelID) campaignbot.Language {
	if ch == "" {
		return c.Language
	}
	for _, cp := range c.Campaigns {
		if cp.Channel == ch && cp.Language != "" {
			return cp.Language
		}
	}
	return c.Language
}
