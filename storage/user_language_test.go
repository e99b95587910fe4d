package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestLanguageChoices: a user's own language is stored per workspace,
// replaced by a later choice, survives reopening the store, and is
// forgotten by auto ("").
func TestLanguageChoices(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewLanguageChoices(db)
		steps := []struct {
			name string
			ws   campaignbot.WorkspaceID
			user campaignbot.UserID
			set  campaignbot.Language
			want campaignbot.Language
		}{
			{"none yet", "T1", "U1", "-", ""},
			{"choose ja", "T1", "U1", campaignbot.Japanese, campaignbot.Japanese},
			{"other workspace untouched", "T2", "U1", "-", ""},
			{"change to zh-TW", "T1", "U1", campaignbot.TraditionalChinese, campaignbot.TraditionalChinese},
			{"another user", "T1", "U2", campaignbot.Chinese, campaignbot.Chinese},
			{"auto forgets", "T1", "U1", "", ""},
			{"auto of no choice", "T1", "U3", "", ""},
			{"the other user kept", "T1", "U2", "-", campaignbot.Chinese},
		}
		for i, st := range steps {
			if st.set != "-" {
				if err := s.SetUserLanguage(ctx, st.ws, st.user, st.set, t0.Add(time.Duration(i)*time.Minute)); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
			}
			got, err := storage.NewLanguageChoices(db).UserLanguage(ctx, st.ws, st.user)
			if err != nil || got != st.want {
				t.Errorf("%s: %q, %v; want %q", st.name, got, err, st.want)
			}
		}
	})
}
