/**
 * Reading CSV data files in Node: a file opened as a byte stream after checking it exists (errors
 * name the path and what the file should have been), and csv-parse records streamed to a callback
 * with their line numbers. Shared by every file loader in lib/data.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { EpikitError, describeValue } from '../errors.js';
import type { CsvTextInput } from './csv-text-stream.js';

/** Text of a CSV file: a string, bytes, or chunks of either (sync or async, e.g. a stream). */
export type CsvInput = CsvTextInput;

/**
 * Streams CSV records to `onRecord(fields, line)` (line = 1-based line number of the record's
 * start; the header is line 1) with csv-parse: BOM stripped, empty lines skipped, ragged rows
 * passed through (callers check the field count and report the line). An EpikitError thrown by
 * `onRecord` stops the parse and is rethrown as is; malformed CSV (an unclosed quote, …) is
 * E_DATA_FORMAT "SOURCE:LINE: malformed CSV: …".
 *
 * Complexity: O(input size); memory O(one chunk).
 * @example
 * await readCsvRecords('a,b\n1,2\n', 'x.csv', (f, line) => console.log(line, f)); // 1 ['a','b'] then 2 ['1','2']
 * @throws EpikitError E_DATA_FORMAT, or whatever onRecord throws.
 */
export async function readCsvRecords(input: CsvInput, source: string, onRecord: (fields: string[], line: number) => void): Promise<number> {
  let records = 0;
  let failure: unknown;
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    on_record: (record: string[], info: { lines: number }) => {
      if (failure !== undefined) return null;
      try {
        onRecord(record, info.lines);
        records++;
      } catch (error) {
        failure = error;
        throw error;
      }
      return null;
    },
  });
  let readable: Readable;
  if (typeof input === 'string' || input instanceof Uint8Array) readable = Readable.from([input]);
  else if (input && (typeof (input as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' || typeof (input as Iterable<unknown>)[Symbol.iterator] === 'function')) {
    readable = Readable.from(input as AsyncIterable<string | Uint8Array>, { objectMode: false });
  } else {
    throw new EpikitError('E_INPUT_TYPE', `input must be CSV text (string), a Uint8Array or an (async) iterable of them, got ${describeValue(input)}`, { argument: 'input' });
  }
  const sink = new Writable({ objectMode: true, write: (_chunk, _encoding, done) => done() });
  try {
    await pipeline(readable, parser, sink);
  } catch (error) {
    if (failure instanceof EpikitError) throw failure;
    if (error instanceof EpikitError) throw error;
    const e = error as { lines?: number; message?: string };
    const line = typeof e.lines === 'number' ? e.lines : undefined;
    throw new EpikitError('E_DATA_FORMAT', `${source}${line !== undefined ? `:${line}` : ''}: malformed CSV: ${e.message ?? String(error)}`, { file: source, line, cause: error });
  }
  return records;
}

/**
 * A file as a byte stream for the CSV parsers, after checking it exists: a missing or
 * unreadable path is E_DATA_FORMAT naming it and `what` the file should have been.
 *
 * Complexity: O(1) (the stream is read lazily in 1 MiB chunks).
 * @example
 * const { file, stream } = await openDataFile('us-counties.csv', 'an NYT us-counties.csv file');
 * @throws EpikitError E_INPUT_TYPE (not a path), E_DATA_FORMAT (missing or unreadable file).
 */
export async function openDataFile(path: string | URL, what: string): Promise<{ file: string; stream: AsyncIterable<Uint8Array> & { destroy(): void } }> {
  if (typeof path !== 'string' && !(path instanceof URL)) {
    throw new EpikitError('E_INPUT_TYPE', `path must be a file path (string or file: URL), got ${describeValue(path)}`, { argument: 'path' });
  }
  const file = path instanceof URL ? fileURLToPath(path) : path;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'file not found' : `cannot read it (${e.code ?? e.message})`;
    throw new EpikitError('E_DATA_FORMAT', `${file}: ${why}: expected ${what}`, { file, argument: 'path', cause: error });
  }
  return { file, stream: createReadStream(file, { highWaterMark: 1 << 20 }) };
}
