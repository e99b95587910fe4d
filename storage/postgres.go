package storage

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// openPostgres connects to PostgreSQL through pgx.
func openPostgres(ctx context.Context, dsn string, logger *slog.Logger) (*DB, error) {
	g, err := gorm.Open(postgres.Open(dsn), gormConfig(logger))
	if err != nil {
		return nil, fmt.Errorf("storage: open postgres: %w", err)
	}
	sqlDB := mustSQLDB(g)
	sqlDB.SetMaxOpenConns(16)
	sqlDB.SetMaxIdleConns(4)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	sqlDB.SetConnMaxLifetime(time.Hour)
	db := &DB{driver: DriverPostgres, logger: logger, rw: g, ro: g, pools: []*sql.DB{sqlDB}}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
