package storage

import (
	"context"
	"errors"
	"time"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// UserStore keeps the user directory in the users table.
type UserStore struct {
	db *DB
}

var _ campaignbot.UserStore = (*UserStore)(nil)

// NewUserStore returns a UserStore on db.
func NewUserStore(db *DB) *UserStore { return &UserStore{db: db} }

// userRow is a row of the users table.
type userRow struct {
	Workspace string `gorm:"primaryKey"`
	ID        string `gorm:"primaryKey"`
	Name      string
	RealName  string
	Timezone  string
	Locale    string
	IsBot     bool
	Deleted   bool
	UpdatedAt time.Time `gorm:"autoUpdateTime:false"`
}

// TableName implements gorm's schema.Tabler.
func (userRow) TableName() string { return "users" }

// user converts the row.
func (r *userRow) user() campaignbot.User {
	return campaignbot.User{ID: campaignbot.UserID(r.ID), Name: r.Name, RealName: r.RealName, Timezone: r.Timezone,
		Locale: r.Locale, IsBot: r.IsBot, Deleted: r.Deleted}
}

// PutUsers implements campaignbot.UserStore with upserts of 500 rows at a
// time; a row is replaced only by a record at least as new.
func (s *UserStore) PutUsers(ctx context.Context, ws campaignbot.WorkspaceID, users []campaignbot.User, at time.Time) error {
	if len(users) == 0 {
		return nil
	}
	at = dbTime(at)
	rows := make([]userRow, 0, len(users))
	seen := make(map[campaignbot.UserID]bool, len(users))
	for _, u := range users {
		if u.ID == "" || seen[u.ID] {
			continue
		}
		seen[u.ID] = true
		rows = append(rows, userRow{Workspace: string(ws), ID: string(u.ID), Name: u.Name, RealName: u.RealName,
			Timezone: u.Timezone, Locale: u.Locale, IsBot: u.IsBot, Deleted: u.Deleted, UpdatedAt: at})
	}
	err := s.db.write(ctx, func(tx *gorm.DB) error {
		for i := 0; i < len(rows); i += 500 {
			err := tx.Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "workspace"}, {Name: "id"}},
				DoUpdates: clause.AssignmentColumns([]string{"name", "real_name", "timezone", "locale", "is_bot", "deleted", "updated_at"}),
				Where: clause.Where{Exprs: []clause.Expression{
					clause.Expr{SQL: "users.updated_at <= excluded.updated_at"},
				}},
			}).Create(rows[i:min(i+500, len(rows))]).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
	return wrapErr("store users", err)
}

// Users implements campaignbot.UserStore.
func (s *UserStore) Users(ctx context.Context, ws campaignbot.WorkspaceID) (map[campaignbot.UserID]campaignbot.User, error) {
	var rows []userRow
	if err := s.db.reader(ctx).Where("workspace = ?", string(ws)).Find(&rows).Error; err != nil {
		return nil, wrapErr("read users", err)
	}
	out := make(map[campaignbot.UserID]campaignbot.User, len(rows))
	for i := range rows {
		out[campaignbot.UserID(rows[i].ID)] = rows[i].user()
	}
	return out, nil
}

// UsersOfEveryWorkspace returns every stored user by id, whatever the
// workspace: for tools that run without a chat connection and so do not
// know the workspace's id (`campaignbot schedule`). A user stored in
// several workspaces is returned as most recently stored.
func (s *UserStore) UsersOfEveryWorkspace(ctx context.Context) (map[campaignbot.UserID]campaignbot.User, error) {
	var rows []userRow
	if err := s.db.reader(ctx).Order("updated_at, workspace").Find(&rows).Error; err != nil {
		return nil, wrapErr("read users", err)
	}
	out := make(map[campaignbot.UserID]campaignbot.User, len(rows))
	for i := range rows {
		out[campaignbot.UserID(rows[i].ID)] = rows[i].user()
	}
	return out, nil
}

// FindUser implements campaignbot.UserStore.
func (s *UserStore) FindUser(ctx context.Context, ws campaignbot.WorkspaceID, id campaignbot.UserID) (campaignbot.User, error) {
	var row userRow
	err := s.db.reader(ctx).Where("workspace = ? AND id = ?", string(ws), string(id)).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return campaignbot.User{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.i-don-t-know-the-user", id))
	}
	if err != nil {
		return campaignbot.User{}, wrapErr("read user", err)
	}
	return row.user(), nil
}

// FindUserByName implements campaignbot.UserStore. Deleted accounts are
// not found.
func (s *UserStore) FindUserByName(ctx context.Context, ws campaignbot.WorkspaceID, name string) (campaignbot.User, error) {
	var rows []userRow
	err := s.db.reader(ctx).Where("workspace = ? AND lower(name) = lower(?) AND deleted = ?", string(ws), name, false).
		Order("id").Limit(1).Find(&rows).Error
	if err != nil {
		return campaignbot.User{}, wrapErr("read user", err)
	}
	if len(rows) == 0 {
		return campaignbot.User{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.i-don-t-know-yet", name))
	}
	return rows[0].user(), nil
}

// UsersRefreshedAt implements campaignbot.UserStore.
func (s *UserStore) UsersRefreshedAt(ctx context.Context, ws campaignbot.WorkspaceID) (time.Time, error) {
	var rows []userRow
	err := s.db.reader(ctx).Select("updated_at").Where("workspace = ?", string(ws)).Order("updated_at DESC").Limit(1).Find(&rows).Error
	if err != nil {
		return time.Time{}, wrapErr("read users", err)
	}
	if len(rows) == 0 {
		return time.Time{}, nil
	}
	return rows[0].UpdatedAt.UTC(), nil
}
