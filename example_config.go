package campaignbot

import _ "embed"

// ExampleConfig is config.example.yaml, embedded so the bot runs on a fresh
// clone with no config file at all.
//
//go:embed config.example.yaml
var ExampleConfig []byte

// ExampleConfigName names the embedded config in messages.
const ExampleConfigName = "embedded config.example.yaml"
