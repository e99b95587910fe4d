package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot/console"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/kbexport"
	"github.com/campaignbot/campaignbot/storage"
)

// exportDir is where /kb export writes zips: "exports" next to the file
// store's directory, or the system's temporary directory when the file
// store is a URL.
func exportDir(cfg *config.Config) string {
	files := cfg.Storage.Files
	if strings.Contains(files, "://") {
		return filepath.Join(os.TempDir(), "campaignbot-exports")
	}
	return filepath.Join(filepath.Dir(filepath.Clean(files)), "exports")
}

// newIndexer starts the background text extractor and resumes the
// extractions a previous run left unfinished.
func newIndexer(ctx context.Context, a *app, log *slog.Logger) *handlers.Indexer {
	idx := handlers.NewIndexer(ctx, storage.NewKnowledgeBase(a.db), a.blobs, 2, log)
	if n, err := idx.Resume(ctx, 10000); err != nil {
		log.Warn("could not resume text extraction", "err", err)
	} else if n > 0 {
		log.Info("resuming text extraction", "files", n)
	}
	return idx
}

func newKBCommand(s streams, configPath *string) *cobra.Command {
	kb := &cobra.Command{
		Use:   "kb",
		Short: "Knowledge-base maintenance",
	}
	var out, workspace string
	export := &cobra.Command{
		Use:   "export PATH",
		Short: "Write a knowledge-base folder as a zip with index.html and index.json",
		Long: "Write the folder PATH, its subfolders and every file in them (older versions as \"name (vN).ext\")\n" +
			"as a zip, plus index.json and index.html: the folder tree, each file's type, size, versions,\n" +
			"thumbnail, title, uploader, time (in the configured zone), tags and source, with a filter\n" +
			"that works offline, labelled in English and Chinese (the configured language first).\n" +
			"The zip appears only once complete.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			path, err := campaignbot.ParseFolderPath(strings.Join(args, " "))
			if err != nil {
				return fmt.Errorf("%s", campaignbot.ErrorText(err).In(campaignbot.English))
			}
			if out == "" {
				out = strings.ReplaceAll(string(path), "/", "-") + ".zip"
			}
			a, err := openApp(ctx, s, *configPath, forCommand)
			if err != nil {
				return err
			}
			defer a.close()
			dir := filepath.Dir(out)
			tmp, err := os.CreateTemp(dir, ".campaignbot-export-*.zip")
			if err != nil {
				return err
			}
			defer os.Remove(tmp.Name())
			cfg := a.watcher.Current()
			sum, err := kbexport.Write(ctx, tmp, kbexport.Options{
				KB: storage.NewKnowledgeBase(a.db), Blobs: a.blobs,
				Workspace: campaignbot.WorkspaceID(workspace), Root: path,
				Location: cfg.Timezone, Language: cfg.Language,
			})
			if cerr := tmp.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				if t := campaignbot.ErrorText(err); campaignbot.ErrorCode(err) != campaignbot.EINTERNAL {
					return fmt.Errorf("%s", t.In(campaignbot.English))
				}
				return err
			}
			if err := os.Rename(tmp.Name(), out); err != nil {
				return err
			}
			fmt.Fprintf(s.out, "Exported %s: %d folders, %d files, %s → %s\n", path, sum.Folders, sum.Files, campaignbot.FormatSize(sum.Bytes), out)
			return nil
		},
	}
	export.Flags().StringVarP(&out, "output", "o", "", "zip file to write (default PATH with slashes as dashes, .zip)")
	export.Flags().StringVar(&workspace, "workspace", string(console.Workspace), "workspace: a Slack team ID, or console")
	kb.AddCommand(export, newKBPurgeCommand(s, configPath))
	return kb
}
