/**
 * Feeding CSV text to a csv-parse stream chunk by chunk, shared by the browser-safe parsers
 * (parse-country-series.ts, parse-county-table.ts): the accepted inputs, decoding bytes as a
 * stream, peeking at the header line before the parser is configured, back-pressure, and
 * csv-parse errors as E_DATA_FORMAT naming the file and line. No Node built-ins: browser-safe.
 */
import { EpikitError, describeValue } from '../errors.js';

/** Text of a file: a string, bytes, or chunks of either (sync or async, e.g. a stream). */
export type CsvTextInput = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/** What the parsers need of a csv-parse stream (Node's and the browser build's both fit). */
export interface CsvParserStream {
  write(chunk: string): boolean;
  end(): unknown;
  resume(): unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
  once(event: string, listener: (...args: any[]) => void): unknown;
  destroy?: (error?: Error) => unknown;
}

/** csv-parse's `parse(options)`, restricted to the options the parsers pass. */
export type CsvParserFactory = (options: {
  delimiter: string;
  bom: boolean;
  skip_empty_lines: boolean;
  relax_column_count: boolean;
  on_record: (record: string[], info: { lines: number }) => null;
}) => CsvParserStream;

/** Text chunks of any accepted input, decoding bytes as a stream (multi-byte characters may straddle chunks). */
export async function* textChunks(input: CsvTextInput, encoding: 'utf-8' | 'latin1'): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  const one = (chunk: unknown): string => {
    if (typeof chunk === 'string') return chunk;
    if (chunk instanceof Uint8Array) return decoder.decode(chunk, { stream: true });
    throw new EpikitError('E_INPUT_TYPE', `input chunks must be strings or Uint8Arrays, got ${describeValue(chunk)}`, { argument: 'input' });
  };
  if (typeof input === 'string' || input instanceof Uint8Array) {
    yield one(input);
  } else if (input && typeof (input as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    for await (const chunk of input as AsyncIterable<unknown>) yield one(chunk);
  } else if (input && typeof (input as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const chunk of input as Iterable<unknown>) yield one(chunk);
  } else {
    throw new EpikitError('E_INPUT_TYPE', `input must be a string, a Uint8Array or an (async) iterable of them, got ${describeValue(input)}`, { argument: 'input' });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The text read so far, whether the input has ended, and its first non-blank line (the header). */
export interface CsvHead {
  pending: string;
  done: boolean;
  headerLine: string;
}

/** Reads chunks until the first line (after leading blanks and a BOM) is complete. */
export async function readCsvHead(chunks: AsyncGenerator<string>): Promise<CsvHead> {
  let pending = '';
  let done = false;
  while (!/[\r\n]/.test(pending.replace(/^[\s\uFEFF]+/, ''))) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      break;
    }
    pending += next.value;
  }
  return { pending, done, headerLine: pending.replace(/^[\s\uFEFF]+/, '').split(/\r?\n|\r/, 1)[0] ?? '' };
}

/** A csv-parse error as E_DATA_FORMAT naming the file and line (an EpikitError passes through). */
export function csvError(source: string, error: unknown): EpikitError {
  if (error instanceof EpikitError) return error;
  const e = error as { lines?: number; message?: string };
  const line = typeof e.lines === 'number' ? e.lines : undefined;
  return new EpikitError('E_DATA_FORMAT', `${source}${line !== undefined ? `:${line}` : ''}: malformed CSV: ${e.message ?? String(error)}`, { file: source, line, cause: error });
}

/**
 * Writes the head and the remaining chunks into `parser` (waiting on 'drain'), ends it and waits
 * for its end. The first failure wins: one recorded by the caller's record callbacks through
 * `failure` (read with get, written with set), or a csv-parse error (as csvError). On failure the
 * parser and the chunk source are closed and the failure is thrown.
 */
export async function feedCsvParser(
  parser: CsvParserStream,
  chunks: AsyncGenerator<string>,
  head: CsvHead,
  source: string,
  failure: { get(): unknown; set(error: unknown): void },
): Promise<void> {
  const finished = new Promise<void>((resolve, reject) => {
    parser.on('error', (error: unknown) => {
      if (failure.get() === undefined) failure.set(csvError(source, error));
      reject(failure.get());
    });
    parser.on('end', () => resolve());
  });
  finished.catch(() => undefined); // observed below; avoid an unhandled rejection while writing
  parser.resume();

  const write = async (text: string): Promise<void> => {
    if (failure.get() !== undefined || text === '') return;
    if (!parser.write(text)) await Promise.race([new Promise<void>((resolve) => parser.once('drain', resolve)), finished]);
  };
  try {
    await write(head.pending);
    while (!head.done && failure.get() === undefined) {
      const next = await chunks.next();
      if (next.done) break;
      await write(next.value);
    }
    if (failure.get() !== undefined) throw failure.get();
    parser.end();
    await finished;
  } catch (error) {
    // Node streams have destroy(); the browser build's stream shim may not (it stops on its own).
    parser.destroy?.();
    await chunks.return(undefined);
    throw error;
  }
}
