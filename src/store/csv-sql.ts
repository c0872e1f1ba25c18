/**
 * CSV lines assembled by SQLite (issue 17): an export of a million rows spent most of its time
 * turning 13 million SQLite values into JavaScript strings and quoting them in JavaScript. Here
 * each field is neutralised and quoted by an SQL expression and the fields joined with commas;
 * the lines of a few thousand rows go out as one value (csvChunkSql). The rules are those of
 * io/csv.ts (csvField: csv-stringify's quoting, neutralise()); test/integration/export-sql.test.ts
 * compares the bytes with the JavaScript writer for hostile values. SQLite-specific SQL: it stays
 * in store/.
 */

/**
 * GLOB patterns (with a real TAB, CR and LF in them): a value that starts as a formula would
 * (= + @ | TAB CR -, io/csv.ts neutralise), and one that must be quoted (a quote, comma, LF or CR).
 * One GLOB per test: several times faster than substr() IN (…) and four instr() calls.
 */
const FORMULA_START = "'[=+@|\t\r-]*'";
const NEEDS_QUOTES = "'*[\",\n\r]*'";

/**
 * The CSV field of a TEXT column (a column name from a fixed list, never input): a formula start
 * gets a leading apostrophe; a field with a quote, comma, LF or CR is quoted, its quotes doubled;
 * null stays null, which concat() (csvLineSql) writes as nothing, like ''.
 */
export function csvFieldSql(col: string): string {
  const n = `CASE WHEN ${col} GLOB ${FORMULA_START} THEN '''' || ${col} ELSE ${col} END`;
  return `CASE WHEN ${col} GLOB ${NEEDS_QUOTES} THEN '"' || replace(${n}, '"', '""') || '"' ELSE ${n} END`;
}

/**
 * The expression of one CSV line (with its LF): each column as csvFieldSql, except those given a
 * function (`fns`: the name of a function registered with db.function, deterministic: the
 * JavaScript that masks a personal field and makes its CSV field), and those in `plain`, whose
 * CHECK admits only values that are CSV as they are.
 */
export function csvLineSql(columns: readonly string[], fns: ReadonlyMap<string, string>, plain: ReadonlySet<string> = new Set()): string {
  const fields = columns.map((c) => (fns.has(c) ? `${fns.get(c)}(${c})` : plain.has(c) ? c : csvFieldSql(c)));
  // concat (SQLite 3.44): the line built once, null as empty; || would copy it once per field
  return `concat(${fields.join(", ',', ")}, char(10))`;
}

/**
 * The statement that gives the next chunk of an export: up to `rows` lines after the row
 * numbered @after, in row order, as one BLOB (UTF-8 bytes, copied into a Buffer without being
 * decoded into a JavaScript string and encoded again), how many, and the number of the last.
 * `from` and `where` are fixed SQL of the repository (conditions on bound parameters only).
 */
export function csvChunkSql(line: string, from: string, where: readonly string[], rows: number): string {
  const conds = ['id > @after', ...where].join(' AND ');
  return `SELECT CAST(group_concat(line, '' ORDER BY id) AS BLOB) AS bytes, count(*) AS n, max(id) AS last
    FROM (SELECT id, ${line} AS line FROM ${from} WHERE ${conds} ORDER BY id LIMIT ${Math.trunc(rows)})`;
}
