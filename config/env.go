package config

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/viper"
)

// emptyMeansOff lists the keys whose empty value turns something off; for
// them a variable that is set but empty counts, so that for example
// CAMPAIGNBOT_HTTP_LISTEN="" disables the HTTP listener.
var emptyMeansOff = map[string]bool{
	"http.listen":            true,
	"todos.digest":           true,
	"knowledge_base.unfiled": true,
	"slack.api_url":          true,
}

// bindEnv binds CAMPAIGNBOT_<PATH> to every key an environment variable can
// override and records in r which of them are set. Binding each key
// explicitly (rather than AutomaticEnv) makes the values reach Unmarshal
// even for keys absent from the file. As in viper, an empty variable counts
// as unset, except for the keys of emptyMeansOff. Lists take
// comma-separated values.
func bindEnv(v *viper.Viper, r *reporter) error {
	for _, key := range envKeys() {
		name := EnvName(key)
		if err := v.BindEnv(key, name); err != nil {
			return fmt.Errorf("bind %s: %w", name, err)
		}
		val, ok := os.LookupEnv(name)
		switch {
		case ok && val != "":
			r.env[key] = name
		case ok && emptyMeansOff[key]:
			r.env[key] = name
			v.Set(key, "")
		}
	}
	return nil
}

// maxSecretFile is the largest secret file read.
const maxSecretFile = 64 << 10

// secret returns the credential at key (e.g. "slack.bot_token"), taken from
// its environment variable or from the file named by key+"_file". A value
// written in the config file itself was already reported by the walk.
func (b *builder) secret(key, value, file string) Secret {
	fileKey := key + "_file"
	fromEnv := b.r.envOf(key) != ""
	value, file = strings.TrimSpace(value), strings.TrimSpace(file)
	switch {
	case file != "" && fromEnv:
		b.r.at(fileKey, "set either %s or %s, not both", EnvName(key), fileKey)
		return ""
	case file != "":
		return b.readSecretFile(fileKey, file)
	case fromEnv:
		return Secret(value)
	}
	return ""
}

// readSecretFile reads a credential from a file; relative paths are
// relative to the config file's directory.
func (b *builder) readSecretFile(fileKey, name string) Secret {
	if !filepath.IsAbs(name) && b.baseDir != "" {
		name = filepath.Join(b.baseDir, name)
	}
	f, err := os.Open(name)
	if err != nil {
		b.r.at(fileKey, "cannot read the secret file: %v", err)
		return ""
	}
	defer f.Close()
	buf, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	if err != nil {
		b.r.at(fileKey, "cannot read the secret file %s: %v", name, err)
		return ""
	}
	if len(buf) > maxSecretFile {
		b.r.at(fileKey, "the secret file %s is larger than 64KiB; it should hold just the secret", name)
		return ""
	}
	s := strings.TrimSpace(string(buf))
	if s == "" {
		b.r.at(fileKey, "the secret file %s is empty", name)
		return ""
	}
	return Secret(s)
}
