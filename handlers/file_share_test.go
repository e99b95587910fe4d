package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

func TestFileShare(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		base := exampleConfig(t)
		cfg := *base
		cfg.Storage.MaxFileSize = 64
		blobs, err := storage.OpenBlobStore(ctx, t.TempDir(), storage.WithReferences(db))
		if err != nil {
			t.Fatal(err)
		}
		defer blobs.Close()
		kb := storage.NewKnowledgeBase(db, storage.WithNumbers(storagetest.SequentialNumbers()))
		r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return &cfg }})
		handlers.Register(r, handlers.Deps{KnowledgeBase: kb, Blobs: blobs})
		chat := &chattest.Recorder{Files: map[string][]byte{
			"F1": []byte("PSD bytes of the hero banner"),
			"F2": []byte("PSD bytes of the hero banner"),
			"F6": []byte("PSD bytes of the hero banner, v2"),
			"F3": []byte(strings.Repeat("x", 65)),
			"F4": []byte("meeting notes"),
			"F5": {},
		}}
		alice := campaignbot.User{ID: "U1", Name: "alice"}
		design := campaignbot.Channel{ID: "C1", Name: "double11-design"}
		share := func(text string, files ...bot.SharedFile) string {
			t.Helper()
			chat.Reset()
			r.HandleMessage(ctx, chat, &bot.Message{Workspace: "T1", TS: "1700000000.0001", User: alice, Channel: design, Text: text, Files: files, Time: time.Date(2026, 10, 22, 3, 0, 0, 0, time.UTC)})
			said := chat.Said()
			if len(said) != 1 {
				t.Fatalf("said %d messages: %v", len(said), chat.Texts())
			}
			if said[0].Message.ThreadID != "1700000000.0001" {
				t.Errorf("reply not in the share's thread: %+v", said[0])
			}
			return said[0].Message.Text
		}

		got := share("hero banner v1", bot.SharedFile{ID: "F1", Name: "hero.psd", MIME: "image/vnd.adobe.photoshop", Size: 28})
		if got != "Saved *hero.psd* (28 B) to Double 11/Design (file #1)." {
			t.Errorf("first share: %q", got)
		}
		got = share("", bot.SharedFile{ID: "F1", Name: "hero.psd", Size: 28},
			bot.SharedFile{ID: "F6", Name: "../../etc/hero.psd", Size: 32},
			bot.SharedFile{ID: "F2", Name: "hero-copy.psd", Size: 28},
			bot.SharedFile{ID: "F3", Name: "huge.psd", Size: 65},
			bot.SharedFile{ID: "F4", Name: "notes.txt", Size: 13},
			bot.SharedFile{ID: "F5", Name: "empty.psd", Size: 0},
			bot.SharedFile{ID: "gone", Name: "gone.psd", Size: 3})
		lines := strings.Split(got, "\n")
		want := []string{
			"hero.psd is already in the knowledge base with the same content (file #1, version 1); nothing new to save.",
			"Saved *hero.psd* (32 B) to Double 11/Design as version 2 (file #2).",
			"Saved *hero-copy.psd* (28 B) to Double 11/Design (file #3). The same file was shared before; its bytes are stored once.",
			"Could not save huge.psd: it is 65 B, larger than the 64 B limit (storage.max_file_size).",
			"Received *notes.txt* (13 B) as file #4. Pick a folder to save it to.",
			"Could not save empty.psd: ",
			"Could not save gone.psd: The file is gone.",
		}
		if len(lines) != len(want) {
			t.Fatalf("reply lines:\n%s", got)
		}
		for i := range want {
			if !strings.HasPrefix(lines[i], want[i]) {
				t.Errorf("line %d = %q, want prefix %q", i, lines[i], want[i])
			}
		}
		files, err := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1"})
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != 4 {
			t.Fatalf("%d files stored, want 4 (nothing half-saved for the failures)", len(files))
		}
		for _, f := range files {
			if f.Name == "hero.psd" && f.Version == 1 && (f.Title != "hero banner v1" || f.Uploader != "U1" || f.Channel != "C1" || f.FolderID == nil) {
				t.Errorf("entry = %+v", f)
			}
		}
	})
}

func TestMentionGreets(t *testing.T) {
	cfg := exampleConfig(t)
	cfg2 := *cfg
	cfg2.Language = campaignbot.Chinese
	for _, tt := range []struct {
		cfg  *config.Config
		text string
		want string
	}{
		{cfg, "<@UBOT>", "Hi Alice! Type /help to see what I can do."},
		{cfg, "<@UBOT> hello!", "Hi Alice! Type /help to see what I can do."},
		{cfg, "<@UBOT> make me a sandwich", "Hi Alice! I did not understand that. Type /help to see what I can do."},
		{&cfg2, "<@UBOT> 你好", "你好，Alice！输入 /help 查看我能做什么。"},
	} {
		r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return tt.cfg }})
		handlers.Register(r, handlers.Deps{})
		chat := &chattest.Recorder{}
		r.HandleMessage(context.Background(), chat, &bot.Message{User: campaignbot.User{ID: "U1", RealName: "Alice"}, Channel: campaignbot.Channel{ID: "C1"}, Text: tt.text, MentionsBot: true})
		if texts := chat.Texts(); len(texts) != 1 || texts[0] != tt.want {
			t.Errorf("%q answered %q, want %q", tt.text, texts, tt.want)
		}
	}
}
