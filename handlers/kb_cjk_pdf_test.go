package handlers_test

import (
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// A Chinese PDF set in a standard, non-embedded CID font (reportlab's
// STSong-Light with the UniGB-UCS2-H CMap, as many Chinese tools write) is
// shared, extracted and found by a Chinese search term; it used to be
// reported damaged and only its title was searchable.
func TestKnowledgeBaseChinesePDF(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		_, m := e.share(alice, design, "预热方案", "cjk-gb1.pdf", readTestdata(t, "cjk-gb1.pdf"))
		want(t, m.Text, "Received *cjk-gb1.pdf*", "as file #1")
		want(t, e.cmd(alice, general, "", "file 1 double 11/planning"), "Saved *cjk-gb1.pdf* to Double 11/Planning (file #1).")
		if notes := strings.Join(e.notes, "\n"); notes != "" {
			t.Errorf("the PDF was not indexed: %s", notes)
		}
		want(t, e.cmd(alice, general, "", "info 1"), "contents indexed")
		want(t, e.cmd(alice, general, "", "search 优惠券报名"), "cjk-gb1.pdf", "优惠券报名截止")
		want(t, e.cmd(bob, general, "", "search 券后价"), "cjk-gb1.pdf")
		want(t, e.cmd(bob, general, "", "search 价保"), "cjk-gb1.pdf")
		want(t, e.cmd(bob, general, "", "search 双11预热活动"), "cjk-gb1.pdf")
		want(t, e.cmd(bob, general, "", "search 满减"), "Nothing found")
	})
}
