package store

import (
	"context"
	"fmt"

	"github.com/phrhealth/phr/internal/audit"
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
` + audit.Schema,
	// 2: look tags up by entry (without it, every save of an entry's tags and
	// every cascade from a deleted entry scanned the whole tag table, which made
	// filling a lifetime record quadratic), and read one chart series in date
	// order without visiting every other measurement.
	`CREATE INDEX entry_tags_entry ON entry_tags(entry_id);
CREATE INDEX entries_code_date ON entries(code_system, code, date);`,
	// 3: chart points and series kept by triggers, so charts read an index
	// instead of grouping every measurement and opening its JSON components;
	// and FTS5's own rank set to the weights Search used (title 10, notes 1,
	// code display 5, code 5), so "ORDER BY rank LIMIT n" ranks inside the
	// full-text index. chart_points holds one row per numeric reading of a
	// measurement or result (part -1) and one per component (part: its index
	// in the components array), keyed by the series keys of series.go.
	// chart_series counts the readings ChartSeries lists for each distinct
	// (key, kind, entry title, component title, unit), so the titles and units
	// it shows (the largest of each) survive edits and deletes. The last
	// statements fill both tables from the entries already there.
	`CREATE TABLE chart_points (
	series      TEXT NOT NULL,
	date        TEXT NOT NULL,
	entry_rowid INTEGER NOT NULL,
	part        INTEGER NOT NULL,
	value       REAL NOT NULL,
	PRIMARY KEY (series, date, entry_rowid, part)
) WITHOUT ROWID;
CREATE TABLE chart_series (
	key        TEXT NOT NULL,
	comp       INTEGER NOT NULL,
	title      TEXT NOT NULL,
	comp_title TEXT NOT NULL,
	unit       TEXT NOT NULL,
	n          INTEGER NOT NULL,
	PRIMARY KEY (key, comp, title, comp_title, unit)
) WITHOUT ROWID;
` + chartTriggers(spelledKeys) + `
INSERT INTO chart_points(series, date, entry_rowid, part, value)
SELECT ` + caseKey("e") + `, e.date, e.rowid, -1, e.value_num FROM entries e
WHERE e.category IN ('measurement','result') AND e.value_num IS NOT NULL;
INSERT INTO chart_points(series, date, entry_rowid, part, value)
SELECT (` + caseKey("e") + `) || '#' || ` + compKey + `, e.date, e.rowid, c.key, CAST(json_extract(c.value,'$.value') AS REAL)
FROM entries e, json_each(e.components) c
WHERE e.category IN ('measurement','result') AND e.components <> '[]'
	AND ` + compKey + ` IS NOT NULL AND json_extract(c.value,'$.value') IS NOT NULL;
INSERT INTO chart_series(key, comp, title, comp_title, unit, n)
SELECT ` + caseKey("e") + `, 0, e.title, '', e.unit, count(*) FROM entries e
WHERE e.category IN ('measurement','result') AND e.value_num IS NOT NULL AND e.components = '[]'
GROUP BY 1, 3, 5;
INSERT INTO chart_series(key, comp, title, comp_title, unit, n)
SELECT (` + caseKey("e") + `) || '#' || ` + compKey + `, 1, e.title,
	coalesce(json_extract(c.value,'$.title'), ''), coalesce(json_extract(c.value,'$.unit'), e.unit), count(*)
FROM entries e, json_each(e.components) c
WHERE e.category IN ('measurement','result') AND e.components <> '[]'
	AND ` + compKey + ` IS NOT NULL AND json_extract(c.value,'$.value') GLOB '[0-9.-]*'
GROUP BY 1, 3, 4, 5;
INSERT INTO entries_fts(entries_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 5.0, 5.0)');`,
	// 4: the full-text index is split in two: entries_fts holds the entries
	// that are not measurements, readings_fts the measurements. Search ranks
	// the first (bm25 over a few hundred matches, with document frequencies
	// counted among them) and walks the second newest first, so a common
	// word that matches tens of thousands of readings no longer has every
	// reading ranked. The indexed columns and the tokenizer are unchanged;
	// the category is not indexed, so typing "measurement" cannot match by
	// category. Each index reads its text through a view of its own entries
	// ('rebuild' reads it; queries never read columns of either index); the
	// triggers move an entry between the two when its category changes.
	`DROP TRIGGER entries_fts_insert;
DROP TRIGGER entries_fts_delete;
DROP TRIGGER entries_fts_update;
DROP TABLE entries_fts;
CREATE VIEW entries_fts_content AS
	SELECT rowid AS entry_rowid, title, notes, code_display, code FROM entries WHERE category <> 'measurement';
CREATE VIEW readings_fts_content AS
	SELECT rowid AS entry_rowid, title, notes, code_display, code FROM entries WHERE category = 'measurement';
CREATE VIRTUAL TABLE entries_fts USING fts5(
	title, notes, code_display, code,
	content='entries_fts_content', content_rowid='entry_rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE readings_fts USING fts5(
	title, notes, code_display, code,
	content='readings_fts_content', content_rowid='entry_rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
	INSERT INTO entries_fts(rowid, title, notes, code_display, code)
	SELECT new.rowid, new.title, new.notes, new.code_display, new.code WHERE new.category <> 'measurement';
	INSERT INTO readings_fts(rowid, title, notes, code_display, code)
	SELECT new.rowid, new.title, new.notes, new.code_display, new.code WHERE new.category = 'measurement';
END;
CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
	INSERT INTO entries_fts(entries_fts, rowid, title, notes, code_display, code)
	SELECT 'delete', old.rowid, old.title, old.notes, old.code_display, old.code WHERE old.category <> 'measurement';
	INSERT INTO readings_fts(readings_fts, rowid, title, notes, code_display, code)
	SELECT 'delete', old.rowid, old.title, old.notes, old.code_display, old.code WHERE old.category = 'measurement';
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE ON entries BEGIN
	INSERT INTO entries_fts(entries_fts, rowid, title, notes, code_display, code)
	SELECT 'delete', old.rowid, old.title, old.notes, old.code_display, old.code WHERE old.category <> 'measurement';
	INSERT INTO readings_fts(readings_fts, rowid, title, notes, code_display, code)
	SELECT 'delete', old.rowid, old.title, old.notes, old.code_display, old.code WHERE old.category = 'measurement';
	INSERT INTO entries_fts(rowid, title, notes, code_display, code)
	SELECT new.rowid, new.title, new.notes, new.code_display, new.code WHERE new.category <> 'measurement';
	INSERT INTO readings_fts(rowid, title, notes, code_display, code)
	SELECT new.rowid, new.title, new.notes, new.code_display, new.code WHERE new.category = 'measurement';
END;
INSERT INTO entries_fts(entries_fts) VALUES ('rebuild');
INSERT INTO readings_fts(readings_fts) VALUES ('rebuild');`,
	// 5: the index of entries by code and date goes: since migration 3 the
	// charts read chart_points, and no query looks entries up by code. On a
	// lifetime record it was 4.8 MiB of the 71 that every save encrypts,
	// writes and decrypts again, and every insert kept it. A record made
	// before keeps the freed pages in its file, and reuses them as it grows.
	`DROP INDEX entries_code_date;`,
	// 6: every coding of an entry's concept (not only the one shown) and the
	// security labels its source gave it, as JSON arrays of codes, so the
	// sensitive gate can test each of them.
	`ALTER TABLE entries ADD COLUMN codings TEXT NOT NULL DEFAULT '[]';
ALTER TABLE entries ADD COLUMN labels TEXT NOT NULL DEFAULT '[]';`,
	// 7: the UCUM code of an entry's unit ("mm[Hg]" beside "mmHg"), kept from
	// an import or given from the unit the person chose, so an extract says
	// which unit it means. Components keep theirs in their JSON.
	`ALTER TABLE entries ADD COLUMN unit_code TEXT NOT NULL DEFAULT '';`,
	// 8: an entry's series key (see series.go) is a generated column,
	// written once here instead of in every statement of the chart
	// triggers, which are made again reading it. VIRTUAL: computed when
	// read, so the record does not grow.
	`ALTER TABLE entries ADD COLUMN series_key TEXT GENERATED ALWAYS AS
	(CASE WHEN code <> '' THEN 'c:' || code_system || '|' || code ELSE 't:' || lower(title) END) VIRTUAL;
DROP TRIGGER chart_insert;
DROP TRIGGER chart_delete;
DROP TRIGGER chart_update;
` + chartTriggers(columnKeys),
	// 9: how a value summarises a day of samples (an Apple Health import:
	// a day's mean heart rate with its lowest, highest and count), as a
	// JSON object, or '' for a single reading.
	`ALTER TABLE entries ADD COLUMN stats TEXT NOT NULL DEFAULT '';`,
	// 10: the details only some categories have: how a medication is taken
	// (dose, route, frequency) and what an allergy does (reaction, its
	// severity, the allergy's criticality), as text.
	`ALTER TABLE entries ADD COLUMN dose TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN route TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN frequency TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN reaction TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN severity TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN criticality TEXT NOT NULL DEFAULT '';`,
	// 11: every import an entry's fact came from (the file, its format
	// and producer, the entry's id there, when), as a JSON array, so a
	// fact two sources sent and the import kept once names both.
	`ALTER TABLE entries ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';`,
	// 12: an import's file, format, producer and time are kept once, in
	// imports, and an entry's sources name its rows: [[import], [import,
	// "id"]...] (the id left out when it is the entry's source_id), a few
	// bytes instead of the whole source on every entry (a Synthea record
	// was 14% larger with them). Sources written whole by schema 11 stay
	// readable (see sourcesExpr).
	`CREATE TABLE imports (
	id       INTEGER PRIMARY KEY,
	file     TEXT NOT NULL,
	format   TEXT NOT NULL,
	producer TEXT NOT NULL DEFAULT '',
	imported TEXT NOT NULL,
	UNIQUE (file, format, producer, imported)
);`,
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
