package storage

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
)

// grantRow is a row of the folder_grants table.
type grantRow struct {
	FolderID   int64
	Kind       string
	Principal  string
	Role       string
	FromConfig bool
}

// TableName implements gorm's schema.Tabler.
func (grantRow) TableName() string { return "folder_grants" }

// grant converts r to a Grant.
func (r grantRow) grant() campaignbot.Grant {
	return campaignbot.Grant{
		Kind:       campaignbot.PrincipalKind(r.Kind),
		Principal:  r.Principal,
		Role:       campaignbot.Role(r.Role),
		FromConfig: r.FromConfig,
	}
}

// validateGrant returns EINVALID for a grant that cannot be stored.
func validateGrant(g campaignbot.Grant) error {
	switch g.Kind {
	case campaignbot.PrincipalUser, campaignbot.PrincipalGroup, campaignbot.PrincipalChannel:
	default:
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.grants-are-for-users-user-groups"))
	}
	if strings.TrimSpace(g.Principal) == "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.a-grant-needs-someone-to-grant"))
	}
	if !g.Role.Valid() {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.roles-are-viewer-editor-or-owner"))
	}
	return nil
}

// loadGrants fills in the grants of folders.
func loadGrants(db *gorm.DB, ws string, folders []*campaignbot.Folder) error {
	var rows []grantRow
	err := db.Raw(`SELECT g.* FROM folder_grants g JOIN folders f ON f.id = g.folder_id
WHERE f.workspace = ? ORDER BY g.folder_id, g.kind, g.principal`, ws).Scan(&rows).Error
	if err != nil {
		return err
	}
	byID := make(map[int64]*campaignbot.Folder, len(folders))
	for _, f := range folders {
		byID[f.ID] = f
	}
	for _, r := range rows {
		if f := byID[r.FolderID]; f != nil {
			f.Grants = append(f.Grants, r.grant())
		}
	}
	return nil
}

// upsertGrant stores g on the folder.
func upsertGrant(tx *gorm.DB, folderID int64, g campaignbot.Grant) error {
	return tx.Exec(`INSERT INTO folder_grants (folder_id, kind, principal, role, from_config) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (folder_id, kind, principal) DO UPDATE SET role = excluded.role, from_config = excluded.from_config`,
		folderID, string(g.Kind), g.Principal, string(g.Role), g.FromConfig).Error
}

// ConfigureFolder implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) ConfigureFolder(ctx context.Context, ws campaignbot.WorkspaceID, p campaignbot.FolderPath, restricted bool, grants []campaignbot.Grant) (*campaignbot.FolderChange, error) {
	for _, g := range grants {
		if err := validateGrant(g); err != nil {
			return nil, err
		}
	}
	if ws == "" {
		return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.a-folder-needs-a-workspace"))
	}
	p, err := campaignbot.ParseFolderPath(string(p))
	if err != nil {
		return nil, err
	}
	change := &campaignbot.FolderChange{}
	err = kb.db.write(ctx, func(tx *gorm.DB) error {
		t, err := loadTree(tx, kb.db.isPostgres(), string(ws))
		if err != nil {
			return err
		}
		f, err := t.ensureIn(tx, p)
		if err != nil {
			return err
		}
		wasLocked := t.lockAt(f.Path) != nil
		if err := tx.Model(&folderRow{}).Where("id = ?", f.ID).Updates(map[string]any{"restricted": restricted, "implicit": false}).Error; err != nil {
			return err
		}
		f.Restricted, f.Implicit = restricted, false
		if restricted && !wasLocked {
			// Grants made while everyone could see the folder must not
			// outlive its restriction.
			if change.Dropped, err = dropChatGrants(tx, exposed(t.subtree(f.Path), f.Path, false)); err != nil {
				return err
			}
		}
		if err := tx.Exec("DELETE FROM folder_grants WHERE folder_id = ? AND from_config = TRUE", f.ID).Error; err != nil {
			return err
		}
		for _, g := range grants {
			g.FromConfig = true
			if err := upsertGrant(tx, f.ID, g); err != nil {
				return err
			}
		}
		change.Folder = f.folder()
		return nil
	})
	if err != nil {
		return nil, wrapErr("configure folder", err)
	}
	return change, nil
}

// CreateFolder implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) CreateFolder(ctx context.Context, ws campaignbot.WorkspaceID, p campaignbot.FolderPath, owner campaignbot.UserID) (*campaignbot.Folder, error) {
	if ws == "" {
		return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.a-folder-needs-a-workspace"))
	}
	p, err := campaignbot.ParseFolderPath(string(p))
	if err != nil {
		return nil, err
	}
	var created *folderRow
	err = kb.db.write(ctx, func(tx *gorm.DB) error {
		t, err := loadTree(tx, kb.db.isPostgres(), string(ws))
		if err != nil {
			return err
		}
		existing := t.find(string(p))
		if existing != nil && !existing.Implicit {
			return campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("storage.the-folder-already-exists", existing.Path))
		}
		for q, ok := p.Parent(); ok; q, ok = q.Parent() {
			if parent := t.find(string(q)); parent != nil && parent.Archived {
				return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("storage.the-folder-is-archived-and-read-05b5de", parent.Path))
			}
		}
		if existing != nil {
			// An implicit folder becomes one made on purpose, spelt as
			// asked; its subfolders stay as they are.
			spelt := p.Name()
			if parent, ok := campaignbot.FolderPath(existing.Path).Parent(); ok {
				spelt = string(parent) + "/" + spelt
			}
			if err := t.recase(tx, existing.Path, spelt); err != nil {
				return err
			}
			if err := tx.Model(&folderRow{}).Where("id = ?", existing.ID).Update("implicit", false).Error; err != nil {
				return err
			}
			existing.Implicit = false
			created = existing
		} else if created, err = t.ensureIn(tx, p); err != nil {
			return err
		}
		if owner == "" {
			return nil
		}
		return upsertGrant(tx, created.ID, campaignbot.Grant{Kind: campaignbot.PrincipalUser, Principal: string(owner), Role: campaignbot.RoleOwner})
	})
	if err != nil {
		return nil, wrapErr("create folder", err)
	}
	f := created.folder()
	if owner != "" {
		f.Grants = []campaignbot.Grant{{Kind: campaignbot.PrincipalUser, Principal: string(owner), Role: campaignbot.RoleOwner}}
	}
	return f, nil
}

// Grant implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) Grant(ctx context.Context, folderID int64, g campaignbot.Grant) error {
	if err := validateGrant(g); err != nil {
		return err
	}
	err := kb.db.write(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&folderRow{}).Where("id = ?", folderID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.that-folder-no-longer-exists"))
		}
		return upsertGrant(tx, folderID, g)
	})
	return wrapErr("grant", err)
}

// Revoke implements campaignbot.KnowledgeBase. Grants from the config
// cannot be revoked: EFORBIDDEN says to change the config.
func (kb *KnowledgeBase) Revoke(ctx context.Context, folderID int64, kind campaignbot.PrincipalKind, principal string) error {
	err := kb.db.write(ctx, func(tx *gorm.DB) error {
		var rows []grantRow
		if err := tx.Where("folder_id = ? AND kind = ? AND principal = ?", folderID, string(kind), principal).Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.there-is-no-such-grant-to"))
		}
		if rows[0].FromConfig {
			return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("storage.that-access-comes-from-the-config"))
		}
		return tx.Exec("DELETE FROM folder_grants WHERE folder_id = ? AND kind = ? AND principal = ?", folderID, string(kind), principal).Error
	})
	return wrapErr("revoke", err)
}

// subtree restricts q to the folder at p and its subfolders.
func subtree(q *gorm.DB, ws string, p campaignbot.FolderPath) *gorm.DB {
	prefix := string(p) + "/"
	return q.Where("workspace = ? AND (path = ? OR substr(path, 1, ?) = ?)", ws, string(p), utf8.RuneCountInString(prefix), prefix)
}

// ArchiveFolder implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) ArchiveFolder(ctx context.Context, ws campaignbot.WorkspaceID, p campaignbot.FolderPath) (int, error) {
	f, err := kb.FindFolder(ctx, ws, p)
	if err != nil {
		return 0, err
	}
	var n int64
	err = kb.db.write(ctx, func(tx *gorm.DB) error {
		res := subtree(tx.Model(&folderRow{}), string(ws), f.Path).Update("archived", true)
		n = res.RowsAffected
		return res.Error
	})
	return int(n), wrapErr("archive folder", err)
}
