package slack

import (
	"context"
	"io"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/internal/slackfake"
)

func TestDownload(t *testing.T) {
	w := newWorld(t, ModeSocket)
	w.fake.AddFile(slackfake.File{ID: "F0BIG", Name: "big.zip", Mimetype: "application/zip", Bytes: make([]byte, 100)})
	w.fake.AddFile(slackfake.File{ID: "F0LIAR", Name: "liar.bin", Mimetype: "application/octet-stream", Bytes: make([]byte, 100), Size: 10})
	b := w.start(t)
	ctx := context.Background()

	rc, err := b.adapter.Download(ctx, bot.SharedFile{ID: "F0FILE1", Name: "hero.psd"}, 64)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || string(data) != "PSD bytes of the hero banner" {
		t.Fatalf("%q, %v", data, err)
	}

	_, err = b.adapter.Download(ctx, bot.SharedFile{ID: "F0BIG", Name: "big.zip"}, 64)
	if campaignbot.ErrorCode(err) != campaignbot.EINVALID {
		t.Errorf("too large: %v", err)
	}
	if n := w.fake.Downloads(); n != 1 {
		t.Errorf("the too-large file was fetched: %d downloads", n)
	}
	rc, err = b.adapter.Download(ctx, bot.SharedFile{ID: "F0LIAR", Name: "liar.bin"}, 64)
	if err == nil {
		_, err = io.ReadAll(rc)
		rc.Close()
	}
	if campaignbot.ErrorCode(err) != campaignbot.EINVALID {
		t.Errorf("file larger than announced: %v", err)
	}
	_, err = b.adapter.Download(ctx, bot.SharedFile{ID: "F0GONE", Name: "gone.psd"}, 64)
	if campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
		t.Errorf("gone: %v", err)
	}
}
