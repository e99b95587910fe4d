package config

import "github.com/campaignbot/campaignbot"

// ack reads a milestone's ack: block at path p.
func (b *builder) ack(p string, raw rawAck) campaignbot.AckPolicy {
	return campaignbot.AckPolicy{Required: b.boolean(p+".required", raw.Required, false)}
}
