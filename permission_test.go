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

func TestAccessToHeldFilesAndNewPaths(t *testing.T) {
	folders := []*campaignbot.Folder{
		{ID: 1, Path: "Double 11"},
		{ID: 3, Path: "Double 11/Data", Restricted: true, Grants: []campaignbot.Grant{
			{Kind: campaignbot.PrincipalUser, Principal: "li.na", Role: campaignbot.RoleEditor},
		}},
	}
	data := int64(3)
	for _, tt := range []struct {
		name   string
		viewer campaignbot.Viewer
		file   campaignbot.File
		want   campaignbot.Role
	}{
		{"the holder owns a held file", campaignbot.Viewer{User: "alice"}, campaignbot.File{HeldFor: "alice"}, campaignbot.RoleOwner},
		{"nobody else sees it", campaignbot.Viewer{User: "bob"}, campaignbot.File{HeldFor: "alice"}, campaignbot.RoleNone},
		{"not even an admin", campaignbot.Viewer{User: "wang.fang", Admin: true}, campaignbot.File{HeldFor: "alice"}, campaignbot.RoleNone},
		{"unfiled files are open", campaignbot.Viewer{User: "bob"}, campaignbot.File{}, campaignbot.RoleEditor},
		{"a filed file has its folder's role", campaignbot.Viewer{User: "bob"}, campaignbot.File{FolderID: &data}, campaignbot.RoleNone},
		{"a member's", campaignbot.Viewer{User: "li.na"}, campaignbot.File{FolderID: &data}, campaignbot.RoleEditor},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := campaignbot.NewAccess(folders, tt.viewer)
			if got := a.FileRole(&tt.file); got != tt.want {
				t.Errorf("FileRole = %q, want %q", got, tt.want)
			}
			if a.CanSeeFile(&tt.file) != tt.want.AtLeast(campaignbot.RoleViewer) {
				t.Errorf("CanSeeFile disagrees with FileRole %q", tt.want)
			}
		})
	}
	for _, tt := range []struct {
		user string
		path campaignbot.FolderPath
		want campaignbot.Role
	}{
		{"bob", "Double 11/Data/New", campaignbot.RoleNone},
		{"li.na", "Double 11/Data/New/Deeper", campaignbot.RoleEditor},
		{"bob", "Double 11/Design", campaignbot.RoleEditor},
		{"bob", "Elsewhere", campaignbot.RoleEditor},
		{"bob", "Double 11/Data", campaignbot.RoleNone},
	} {
		if got := campaignbot.NewAccess(folders, campaignbot.Viewer{User: campaignbot.UserID(tt.user)}).RoleAt(tt.path); got != tt.want {
			t.Errorf("%s RoleAt(%s) = %q, want %q", tt.user, tt.path, got, tt.want)
		}
	}
}

func TestReadersAt(t *testing.T) {
	data := campaignbot.Channel{ID: "C0DATA", Name: "double11-data", Private: true}
	folders := []*campaignbot.Folder{
		{ID: 1, Path: "Double 11"},
		{ID: 2, Path: "Double 11/Data", Restricted: true, Grants: []campaignbot.Grant{
			{Kind: campaignbot.PrincipalUser, Principal: "li.na", Role: campaignbot.RoleEditor},
			{Kind: campaignbot.PrincipalChannel, Principal: "#double11-data", Role: campaignbot.RoleEditor},
		}},
		{ID: 3, Path: "Double 11/Data/Raw", Grants: []campaignbot.Grant{{Kind: campaignbot.PrincipalGroup, Principal: "analysts", Role: campaignbot.RoleViewer}}},
		{ID: 4, Path: "Leaders", Restricted: true, Grants: []campaignbot.Grant{{Kind: campaignbot.PrincipalUser, Principal: "wang.fang", Role: campaignbot.RoleOwner}}},
	}
	for _, tt := range []struct {
		path        campaignbot.FolderPath
		open        bool
		grants      int
		dataChannel bool
	}{
		{"Double 11/Design", true, 0, true},
		{"Double 11/Data", false, 2, true},
		{"Double 11/Data/Raw/New", false, 3, true},
		{"Leaders", false, 1, false},
		{"Leaders/Budget", false, 1, false},
	} {
		r := campaignbot.ReadersAt(folders, tt.path)
		if r.Open != tt.open || len(r.Grants) != tt.grants || r.IncludeChannel(data) != tt.dataChannel {
			t.Errorf("ReadersAt(%s) = %+v, includes #double11-data %v", tt.path, r, r.IncludeChannel(data))
		}
	}
}
