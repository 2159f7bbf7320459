package store

import (
	"context"
	"fmt"
)

// migrations lists the schema changes in order; migrations[i] moves the
// database from user_version i to i+1. Append only: never edit a released one.
var migrations = []string{
	// 1: the first schema.
	`
CREATE TABLE entries (
	id             TEXT PRIMARY KEY,
	category       TEXT NOT NULL,
	title          TEXT NOT NULL,
	date           TEXT NOT NULL DEFAULT '',
	end_date       TEXT NOT NULL DEFAULT '',
	status         TEXT NOT NULL DEFAULT '',
	value          TEXT NOT NULL DEFAULT '',
	value_num      REAL,
	unit           TEXT NOT NULL DEFAULT '',
	code_system    TEXT NOT NULL DEFAULT '',
	code           TEXT NOT NULL DEFAULT '',
	code_display   TEXT NOT NULL DEFAULT '',
	notes          TEXT NOT NULL DEFAULT '',
	tags           TEXT NOT NULL DEFAULT '[]',
	sensitive      TEXT NOT NULL DEFAULT '[]',
	sensitive_reviewed INTEGER NOT NULL DEFAULT 0,
	components     TEXT NOT NULL DEFAULT '[]',
	ref_range      TEXT NOT NULL DEFAULT '',
	interpretation TEXT NOT NULL DEFAULT '',
	links          TEXT NOT NULL DEFAULT '[]',
	source         TEXT NOT NULL DEFAULT 'manual',
	source_id      TEXT NOT NULL DEFAULT '',
	original       TEXT NOT NULL DEFAULT '',
	created        TEXT NOT NULL,
	updated        TEXT NOT NULL
);
CREATE INDEX entries_category_date ON entries(category, date);
CREATE INDEX entries_date ON entries(date);
CREATE UNIQUE INDEX entries_source ON entries(source, source_id) WHERE source_id <> '';
CREATE TABLE entry_tags (
	entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
	tag      TEXT NOT NULL,
	PRIMARY KEY (tag, entry_id)
) WITHOUT ROWID;
CREATE TABLE attachments (
	id       TEXT PRIMARY KEY,
	entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
	name     TEXT NOT NULL,
	type     TEXT NOT NULL DEFAULT '',
	size     INTEGER NOT NULL,
	sha256   TEXT NOT NULL,
	added    TEXT NOT NULL
);
CREATE INDEX attachments_entry ON attachments(entry_id);
CREATE TABLE files_released (
	id          TEXT PRIMARY KEY,
	released_at INTEGER NOT NULL
);
CREATE VIRTUAL TABLE entries_fts USING fts5(
	title, notes, code_display, code,
	content='entries', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
	INSERT INTO entries_fts(rowid, title, notes, code_display, code)
	VALUES (new.rowid, new.title, new.notes, new.code_display, new.code);
END;
CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
	INSERT INTO entries_fts(entries_fts, rowid, title, notes, code_display, code)
	VALUES ('delete', old.rowid, old.title, old.notes, old.code_display, old.code);
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE ON entries BEGIN
	INSERT INTO entries_fts(entries_fts, rowid, title, notes, code_display, code)
	VALUES ('delete', old.rowid, old.title, old.notes, old.code_display, old.code);
	INSERT INTO entries_fts(rowid, title, notes, code_display, code)
	VALUES (new.rowid, new.title, new.notes, new.code_display, new.code);
END;
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE carers (
	name         TEXT PRIMARY KEY COLLATE NOCASE,
	relationship TEXT NOT NULL DEFAULT '',
	recipient    TEXT NOT NULL,
	added        TEXT NOT NULL
);
CREATE TABLE shares (
	id         TEXT PRIMARY KEY,
	carer      TEXT NOT NULL,
	recipient  TEXT NOT NULL DEFAULT '',
	categories TEXT NOT NULL DEFAULT '{}',
	sensitive  TEXT NOT NULL DEFAULT '[]',
	entries    INTEGER NOT NULL DEFAULT 0,
	created    TEXT NOT NULL,
	expires    TEXT NOT NULL,
	sha256     TEXT NOT NULL,
	file       TEXT NOT NULL DEFAULT ''
);
CREATE TABLE audit (
	seq    INTEGER PRIMARY KEY,
	at     TEXT NOT NULL,
	action TEXT NOT NULL,
	detail TEXT NOT NULL,
	prev   TEXT NOT NULL,
	hash   TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
`,
	// 2: look tags up by entry (without it, every save of an entry's tags and
	// every cascade from a deleted entry scanned the whole tag table, which made
	// filling a lifetime record quadratic), and read one chart series in date
	// order without visiting every other measurement.
	`CREATE INDEX entry_tags_entry ON entry_tags(entry_id);
CREATE INDEX entries_code_date ON entries(code_system, code, date);`,
}

// SchemaVersion is the schema version this build writes.
var SchemaVersion = len(migrations)

// Version returns the database's schema version (PRAGMA user_version).
func (s *Store) Version(ctx context.Context) (int, error) {
	var v int
	if err := s.q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// migrate applies every migration the database has not seen, each in its own
// transaction together with the new user_version.
func (s *Store) migrate(ctx context.Context) error {
	v, err := s.Version(ctx)
	if err != nil {
		return err
	}
	if v > len(migrations) {
		return fmt.Errorf("the record was written by a newer phr (schema %d, this phr knows %d): upgrade phr", v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		err := s.Tx(ctx, func(tx *Store) error {
			if _, err := tx.q.ExecContext(ctx, migrations[i]); err != nil {
				return err
			}
			_, err := tx.q.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate record to schema %d: %w", i+1, err)
		}
	}
	return nil
}
