package store

import "strings"

// The chart triggers keep chart_points and chart_series (migration 3) as
// entries are added, changed and removed. Their SQL is written once here and
// made for two spellings of an entry's series key: migration 3 spelled the
// key out, migration 8 made it the generated column series_key and made the
// triggers again. TestMigrationsMakeTheRecordedSchema holds both results to
// what the migrations have always made.

// compKey is a component's part of its series key (see series.go): its code,
// else its title in lower case, for c a row of json_each(components).
const compKey = `coalesce(json_extract(c.value,'$.code.code'), lower(json_extract(c.value,'$.title')))`

// caseKey is the series key of row r ("new", "old", "e") spelled out, as
// migration 3 wrote it.
func caseKey(r string) string {
	return "CASE WHEN " + r + ".code <> '' THEN 'c:' || " + r + ".code_system || '|' || " + r +
		".code ELSE 't:' || lower(" + r + ".title) END"
}

// chartKeys is one spelling of the series key in the triggers.
type chartKeys struct {
	// bare is the key of a row alone in a SELECT list, grouped the key
	// beside an operator.
	bare, grouped func(row string) string
	// changed is the update trigger's test that the key may have changed.
	changed string
}

// spelledKeys is migration 3's spelling, columnKeys migration 8's.
var (
	spelledKeys = chartKeys{
		bare:    caseKey,
		grouped: func(r string) string { return "(" + caseKey(r) + ")" },
		changed: "old.code_system IS NOT new.code_system OR old.code IS NOT new.code",
	}
	columnKeys = chartKeys{
		bare:    func(r string) string { return r + ".series_key" },
		grouped: func(r string) string { return r + ".series_key" },
		changed: "old.series_key IS NOT new.series_key",
	}
)

// chartAdd adds the row new's readings; @bare@ and @key@ stand for its key.
const chartAdd = `	INSERT INTO chart_points(series, date, entry_rowid, part, value)
	SELECT @bare@, new.date, new.rowid, -1, new.value_num
	WHERE new.category IN ('measurement','result') AND new.value_num IS NOT NULL;
	INSERT INTO chart_points(series, date, entry_rowid, part, value)
	SELECT @key@ || '#' || @comp@, new.date, new.rowid, c.key, CAST(json_extract(c.value,'$.value') AS REAL)
	FROM json_each(new.components) c
	WHERE new.category IN ('measurement','result') AND new.components <> '[]'
		AND @comp@ IS NOT NULL AND json_extract(c.value,'$.value') IS NOT NULL;
	INSERT INTO chart_series(key, comp, title, comp_title, unit, n)
	SELECT @bare@, 0, new.title, '', new.unit, 1
	WHERE new.category IN ('measurement','result') AND new.value_num IS NOT NULL AND new.components = '[]'
	ON CONFLICT DO UPDATE SET n = n + 1;
	INSERT INTO chart_series(key, comp, title, comp_title, unit, n)
	SELECT @key@ || '#' || @comp@, 1, new.title,
		coalesce(json_extract(c.value,'$.title'), ''), coalesce(json_extract(c.value,'$.unit'), new.unit), count(*)
	FROM json_each(new.components) c
	WHERE new.category IN ('measurement','result') AND new.components <> '[]'
		AND @comp@ IS NOT NULL AND json_extract(c.value,'$.value') GLOB '[0-9.-]*'
	GROUP BY 1, 4, 5
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
`

// chartRemove removes the row old's readings; @key@ stands for its key.
const chartRemove = `	DELETE FROM chart_points WHERE series = @key@ AND date = old.date AND entry_rowid = old.rowid AND part = -1;
	DELETE FROM chart_points WHERE series IN (SELECT @key@ || '#' || @comp@ FROM json_each(old.components) c)
		AND date = old.date AND entry_rowid = old.rowid AND old.components <> '[]';
	UPDATE chart_series SET n = n - 1
	WHERE key = @key@ AND comp = 0 AND title = old.title AND comp_title = '' AND unit = old.unit
		AND old.category IN ('measurement','result') AND old.value_num IS NOT NULL AND old.components = '[]';
	UPDATE chart_series SET n = n - (SELECT count(*) FROM json_each(old.components) c
		WHERE @comp@ IS NOT NULL AND json_extract(c.value,'$.value') GLOB '[0-9.-]*'
			AND @key@ || '#' || @comp@ = chart_series.key
			AND coalesce(json_extract(c.value,'$.title'), '') = chart_series.comp_title
			AND coalesce(json_extract(c.value,'$.unit'), old.unit) = chart_series.unit)
	WHERE comp = 1 AND title = old.title AND old.category IN ('measurement','result') AND old.components <> '[]'
		AND key IN (SELECT @key@ || '#' || @comp@ FROM json_each(old.components) c);
	DELETE FROM chart_series WHERE key = @key@ AND n <= 0;
	DELETE FROM chart_series WHERE key IN (SELECT @key@ || '#' || @comp@ FROM json_each(old.components) c) AND n <= 0;
`

// chartTriggers returns the three chart triggers with the key spelled as k.
func chartTriggers(k chartKeys) string {
	add := strings.NewReplacer("@bare@", k.bare("new"), "@key@", k.grouped("new"), "@comp@", compKey).Replace(chartAdd)
	remove := strings.NewReplacer("@key@", k.grouped("old"), "@comp@", compKey).Replace(chartRemove)
	return "CREATE TRIGGER chart_insert AFTER INSERT ON entries BEGIN\n" + add + "END;\n" +
		"CREATE TRIGGER chart_delete AFTER DELETE ON entries BEGIN\n" + remove + "END;\n" +
		"CREATE TRIGGER chart_update AFTER UPDATE ON entries\n" +
		"WHEN old.category IS NOT new.category OR old.title IS NOT new.title OR old.date IS NOT new.date OR\n" +
		"\told.value_num IS NOT new.value_num OR old.unit IS NOT new.unit OR\n" +
		"\t" + k.changed + " OR old.components IS NOT new.components OR old.rowid IS NOT new.rowid\n" +
		"BEGIN\n" + remove + add + "END;"
}
