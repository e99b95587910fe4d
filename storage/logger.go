package storage

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm/logger"
	"gorm.io/gorm/utils"
)

// slowQuery is how long a statement may take before it is logged.
const slowQuery = time.Second

// gormLogger routes gorm's few messages to slog. It never logs statement
// parameters, which may hold personal data or secrets: errors are returned
// to callers, and only slow statements are logged, without their values.
type gormLogger struct {
	logger *slog.Logger
}

func newGormLogger(l *slog.Logger) *gormLogger { return &gormLogger{logger: l} }

// LogMode implements logger.Interface; the level is fixed.
func (l *gormLogger) LogMode(logger.LogLevel) logger.Interface { return l }

// Info implements logger.Interface by discarding the message.
func (l *gormLogger) Info(context.Context, string, ...any) {}

// Warn implements logger.Interface.
func (l *gormLogger) Warn(ctx context.Context, msg string, args ...any) {
	l.logger.WarnContext(ctx, "gorm: "+fmt.Sprintf(msg, args...))
}

// Error implements logger.Interface.
func (l *gormLogger) Error(ctx context.Context, msg string, args ...any) {
	l.logger.ErrorContext(ctx, "gorm: "+fmt.Sprintf(msg, args...))
}

// Trace implements logger.Interface: it logs slow statements.
func (l *gormLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	elapsed := time.Since(begin)
	if elapsed < slowQuery {
		return
	}
	sql, rows := fc()
	l.logger.WarnContext(ctx, "slow database statement",
		"elapsed", elapsed, "rows", rows, "sql", sql, "caller", utils.FileWithLineNum())
}

// ParamsFilter implements gorm.ParamsFilter: statements reach the log with
// their placeholders, never their values.
func (l *gormLogger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}
