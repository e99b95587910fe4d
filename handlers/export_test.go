package handlers

// KBSubcommands returns the names of the /kb subcommands, for tests that
// must cover every one.
func KBSubcommands() []string {
	var names []string
	for _, s := range kbSubs() {
		names = append(names, s.name)
	}
	return names
}
