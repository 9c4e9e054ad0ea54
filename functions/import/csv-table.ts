/**
 * Reads a CSV table as a stream with csv-parse: the header is checked against the
 * columns the table must have, then each row is handed over with the line it starts
 * on. A file that cannot be read as that table (not CSV, no header, a column missing)
 * is a {@link TableError}: the caller stores nothing. No message quotes the file's
 * content, which may hold a child's details.
 */
import { Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import type { CsvRow, Layout } from './ssda903-rows.js';

/** The file as a whole cannot be read as the table asked for. */
export class TableError extends Error {
  override readonly name = 'TableError';
}

/** Where the stream of text comes from: a file stream, or any iterable of chunks. */
export type TextSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** A record larger than this is not a row of a return: most likely an unclosed quote. */
const MAX_RECORD_BYTES = 64 * 1024;

/**
 * Streams `source` through csv-parse, checks the header names every one of `columns`
 * (in any order, any case; extra columns are allowed and ignored), and calls `onRow`
 * for each record after it. Returns how many rows were read.
 */
export async function readTable<C extends string>(
  source: TextSource,
  file: string,
  columns: readonly C[],
  onRow: (row: CsvRow, layout: Layout<C>) => void,
): Promise<number> {
  const parser = parse({
    bom: true,
    info: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  const input = Readable.from(source);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let layout: Layout<C> | undefined;
  let rows = 0;
  // csv-parse counts a CR LF inside a quoted field as two lines; this undoes it.
  let extraLines = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      let breaks = 0;
      for (const field of record) {
        if (!field.includes('\n') && !field.includes('\r')) continue;
        for (const match of field.matchAll(/\r\n|\r|\n/g)) {
          breaks++;
          if (match[0] === '\r\n') extraLines++;
        }
      }
      const line = info.lines - extraLines - breaks;
      if (layout === undefined) {
        layout = layoutOf(record, file, columns);
        continue;
      }
      rows++;
      onRow({ line, fields: record }, layout);
    }
  } catch (error) {
    if (error instanceof TableError) throw error;
    const csv = error as CsvError & { lines?: number };
    if (typeof csv.code === 'string' && csv.code.startsWith('CSV_')) {
      throw new TableError(
        `${file}${csv.lines ? `:${csv.lines}` : ''}: is not CSV that can be read (${csv.code})`,
      );
    }
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new TableError(`${file}: cannot read the file (${code})`);
  } finally {
    input.destroy();
  }
  if (layout === undefined) throw new TableError(`${file}: is empty: no header row`);
  return rows;
}

/** The header's column positions; names every column the table needs that it lacks. */
function layoutOf<C extends string>(header: string[], file: string, columns: readonly C[]) {
  const names = header.map((name) => name.trim().toUpperCase());
  const index = {} as Record<C, number>;
  const missing: C[] = [];
  const repeated: C[] = [];
  for (const column of columns) {
    const at = names.indexOf(column);
    if (at < 0) missing.push(column);
    else if (names.indexOf(column, at + 1) >= 0) repeated.push(column);
    index[column] = at;
  }
  if (missing.length > 0 || repeated.length > 0) {
    const reasons = [
      ...(missing.length > 0 ? [`missing column ${missing.join(', ')}`] : []),
      ...(repeated.length > 0 ? [`column named twice: ${repeated.join(', ')}`] : []),
    ];
    throw new TableError(
      `${file}:1: the header is not that of this table: ${reasons.join('; ')} (it needs ${columns.join(',')})`,
    );
  }
  return { index, width: header.length };
}
