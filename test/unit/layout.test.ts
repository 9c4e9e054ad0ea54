/**
 * The tree says what runs where (architecture.md, "Layout"): one file per Lambda at the
 * top of functions/, the command line in functions/cli/, what they share in
 * functions/shared/ beside adapters/, aws/ and import/; infra/ over functions/ over
 * workflows/, with no import pointing upward and no circle of imports anywhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HANDLER_MODULES } from '../../infra/constructs/iro-function.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LAYERS = ['workflows', 'functions', 'infra'] as const;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Value imports (type-only imports vanish from the build), static and dynamic. */
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s*'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;

function importsOf(file: string, known: ReadonlySet<string>): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(IMPORT)].flatMap((m) => {
    const target = normalize(join(dirname(file), m[1] ?? m[2] ?? ''));
    const found = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx')].find(
      (c) => known.has(c),
    );
    return found === undefined ? [] : [found];
  });
}

const files = LAYERS.flatMap(sourceFiles);
const known = new Set(files);
const graph = new Map(files.map((f) => [f, importsOf(f, known)]));

describe('the layout', () => {
  it('keeps one file per Lambda at the top of functions/, and nothing else there', () => {
    const top = readdirSync(join(root, 'functions'))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => name.replace(/\.ts$/, ''))
      .sort();
    expect(top).toEqual([...HANDLER_MODULES].sort());
  });

  it('has no import pointing upward: workflows below functions below infra', () => {
    const layer = (f: string) => LAYERS.indexOf(f.split('/')[0] as (typeof LAYERS)[number]);
    const upward = [...graph].flatMap(([from, targets]) =>
      targets.filter((to) => layer(to) > layer(from)).map((to) => `${from} -> ${to}`),
    );
    expect(upward).toEqual([]);
  });

  it('has no circle of imports', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (file: string, path: string[]) => {
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') {
          circles.push(
            [...path.slice(path.indexOf(next)), next].map((f) => relative('.', f)).join(' -> '),
          );
        } else if (!state.has(next)) visit(next, [...path, next]);
      }
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file, [file]);
    expect(circles).toEqual([]);
  });
});
