package campaignbot_test

import (
	"testing"

	"github.com/campaignbot/campaignbot"
)

func TestAccess(t *testing.T) {
	user := func(id string, r campaignbot.Role) campaignbot.Grant {
		return campaignbot.Grant{Kind: campaignbot.PrincipalUser, Principal: id, Role: r}
	}
	folders := []*campaignbot.Folder{
		{ID: 1, Path: "Double 11", Grants: []campaignbot.Grant{user("alice", campaignbot.RoleOwner)}},
		{ID: 2, Path: "Double 11/Design"},
		{ID: 3, Path: "Double 11/Data", Restricted: true, Grants: []campaignbot.Grant{
			user("li.na", campaignbot.RoleEditor), user("bob", campaignbot.RoleViewer),
			{Kind: campaignbot.PrincipalChannel, Principal: "double11-data", Role: campaignbot.RoleEditor},
			{Kind: campaignbot.PrincipalGroup, Principal: "data-team", Role: campaignbot.RoleViewer},
		}},
		{ID: 4, Path: "Double 11/Data/Raw", Grants: []campaignbot.Grant{user("zhang.wei", campaignbot.RoleEditor)}},
	}
	inData := func(c campaignbot.ChannelID) bool { return c == "double11-data" }
	inTeam := func(g string) bool { return g == "data-team" }
	tests := []struct {
		name   string
		viewer campaignbot.Viewer
		want   map[int64]campaignbot.Role
	}{
		{"admin owns all", campaignbot.Viewer{User: "wang.fang", Admin: true}, map[int64]campaignbot.Role{1: "owner", 2: "owner", 3: "owner", 4: "owner"}},
		{"owner of a parent does not see a restricted child", campaignbot.Viewer{User: "alice"}, map[int64]campaignbot.Role{1: "owner", 2: "owner", 3: "", 4: ""}},
		{"anyone edits open folders", campaignbot.Viewer{User: "carol"}, map[int64]campaignbot.Role{1: "editor", 2: "editor", 3: "", 4: ""}},
		{"member", campaignbot.Viewer{User: "li.na"}, map[int64]campaignbot.Role{1: "editor", 3: "editor", 4: "editor"}},
		{"viewer", campaignbot.Viewer{User: "bob"}, map[int64]campaignbot.Role{3: "viewer", 4: "viewer"}},
		{"grant below the restricted folder", campaignbot.Viewer{User: "zhang.wei"}, map[int64]campaignbot.Role{3: "", 4: "editor"}},
		{"channel member", campaignbot.Viewer{User: "dan", InChannel: inData}, map[int64]campaignbot.Role{3: "editor", 4: "editor"}},
		{"group member", campaignbot.Viewer{User: "eve", InGroup: inTeam}, map[int64]campaignbot.Role{3: "viewer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := campaignbot.NewAccess(folders, tt.viewer)
			for id, want := range tt.want {
				if got := a.Role(&id); got != want {
					t.Errorf("role in %d = %q, want %q", id, got, want)
				}
			}
			if !a.CanSee(nil) || !a.Can(nil, campaignbot.RoleEditor) {
				t.Error("unfiled files should be visible and editable")
			}
		})
	}
	if got := campaignbot.NewAccess(folders, campaignbot.Viewer{User: "carol"}).Visible(); len(got) != 2 {
		t.Errorf("Visible = %v", got)
	}
}
