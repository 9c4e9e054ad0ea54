/**
 * Stack traces in the source's terms, paid for only when an error is reported. A
 * handler's bundle ships its source map beside it (index.mjs.map); `--enable-source-maps`
 * would parse it at every cold start, and bench/RESULTS.md shows what that costs.
 * Here it is read on a container's first error, and kept for the next.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap | undefined>();

function mapOf(bundle: string): SourceMap | undefined {
  if (!maps.has(bundle)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
    } catch {
      map = undefined; // Not bundled (tests, the local engines) or shipped without a map.
    }
    maps.set(bundle, map);
  }
  return maps.get(bundle);
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Rewrites the frames of `error.stack` that point into `bundle` (a file URL; by default
 * the module this code was bundled into) to the source file, line and column. Returns
 * the error, for `throw withSourceStack(error)`.
 */
export function withSourceStack<E>(error: E, bundle: string = import.meta.url): E {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return error;
  const path = bundle.startsWith('file:') ? fileURLToPath(bundle) : bundle;
  const map = mapOf(path);
  if (map === undefined) return error;
  const frame = new RegExp(`(?:${escaped(bundle)}|${escaped(path)}):(\\d+):(\\d+)`, 'g');
  error.stack = error.stack.replace(frame, (whole, line: string, column: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!('originalSource' in entry)) return whole;
    const source = entry.originalSource.replace(/^(?:\.\.\/)+/, '');
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
  return error;
}
