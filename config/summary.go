package config

import (
	"fmt"
	"strings"
)

// Summary describes the configuration in one line for `config check`, e.g.
// "config.example.yaml: ok — 1 campaign, 11 milestones, 2 jobs, 10 folders,
// 4 filing rules, language en, timezone Asia/Shanghai, storage sqlite".
func (c *Config) Summary() string {
	milestones := 0
	for _, cp := range c.Campaigns {
		milestones += len(cp.Milestones)
	}
	parts := []string{
		count(len(c.Campaigns), "campaign"),
		count(milestones, "milestone"),
		count(len(c.Jobs), "job"),
		count(len(c.KnowledgeBase.Folders), "folder"),
		count(len(c.KnowledgeBase.Rules), "filing rule"),
		"language " + string(c.Language),
		"timezone " + c.Timezone.String(),
		"storage " + c.Storage.Driver,
	}
	return fmt.Sprintf("%s: ok — %s", c.Source, strings.Join(parts, ", "))
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
