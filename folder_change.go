package campaignbot

// FolderMove is a move of the folder at From, with what in it may move,
// to the path To.
type FolderMove struct {
	From, To FolderPath
	// Leave lists folders below From that stay where they are, with
	// everything under them: the folders the mover may not see. Their
	// ancestors stay behind as implicit folders, and the depth limit
	// counts only what moves.
	Leave []int64
}

// FolderChange is what ConfigureFolder or MoveFolder did.
type FolderChange struct {
	// Folder is the folder configured or moved, at its new path.
	Folder *Folder
	// Relocked is set when the moved folders came under a restricted
	// folder they were not under (or under another one): they follow its
	// members now, the grants made in chat on them having been dropped.
	Relocked bool
	// Dropped lists the grants made in chat that were removed because
	// their folder came under a new restriction.
	Dropped []DroppedGrant
}

// DroppedGrant is a grant removed from the folder at Path.
type DroppedGrant struct {
	Path  FolderPath
	Grant Grant
}
