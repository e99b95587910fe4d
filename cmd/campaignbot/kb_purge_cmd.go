package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
)

// newKBPurgeCommand is `campaignbot kb purge`: what /kb trash does in
// chat, for every workspace, plus a sweep of the whole file store.
func newKBPurgeCommand(s streams, configPath *string) *cobra.Command {
	return &cobra.Command{
		Use:   "purge",
		Short: "Empty expired recycle bins and delete file bytes nothing uses",
		Long: "Delete, in every workspace, the entries that have been in the recycle bin for longer than\n" +
			"30 days, then the file bytes no entry uses any more: also bytes stored before reference\n" +
			"counting and staging files left by a crash. Bytes a share stored in the last hour are kept,\n" +
			"so it is safe to run while the bot is running.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			a, err := openApp(ctx, s, *configPath, forCommand)
			if err != nil {
				return err
			}
			defer a.close()
			now := time.Now()
			n, err := storage.NewKnowledgeBase(a.db).PurgeTrash(ctx, "", now.Add(-campaignbot.TrashRetention))
			if err != nil {
				return err
			}
			freed, err := a.blobs.Sweep(ctx, now.Add(-campaignbot.BlobClaimGrace))
			if err != nil {
				return err
			}
			fmt.Fprintf(s.out, "Purged %d entries from the recycle bins; deleted %d stored files (%s) nothing uses.\n",
				n, freed.Blobs, campaignbot.FormatSize(freed.Bytes))
			return nil
		},
	}
}
