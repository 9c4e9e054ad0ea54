/**
 * The work tray's first load stays small: the JavaScript and CSS a browser fetches
 * before the first page shows are at most 150 KB gzipped (issue 8), counted on the app
 * as built, including the sign-in library a deployment in AWS loads at start. And
 * index.html has nothing inline, so the strict Content-Security-Policy holds.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, type WebBuild, withoutFontFaces } from '../../infra/build-web.js';

const FIRST_LOAD_BUDGET_GZIP = 150 * 1024;

let built: WebBuild;
beforeAll(async () => {
  built = await buildWeb(await mkdtemp(join(tmpdir(), 'iro-web-bundle-')));
}, 60_000);
afterAll(async () => {
  await rm(built.outdir, { recursive: true, force: true });
});

const gzipped = async (file: string) =>
  gzipSync(await readFile(join(built.outdir, file)), { level: 9 }).length;

describe('the work tray as built', () => {
  it('loads at most 150 KB of JavaScript and CSS gzipped, every script it may load at start included', async () => {
    // Prepare: index.html's stylesheet and entry, and every chunk the entry may import
    // at start (the OpenID Connect client, loaded when config.json says auth is oidc).
    const assets = await readdir(join(built.outdir, 'assets'));
    const files = assets.filter((name) => /\.(js|css)$/.test(name)).map((n) => `assets/${n}`);
    expect(files).toEqual(expect.arrayContaining([...built.firstLoad]));
    // Act
    const sizes = await Promise.all(files.map(gzipped));
    const total = sizes.reduce((a, b) => a + b, 0);
    // Assess
    expect(total).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_GZIP);
  });

  it('index.html loads its script and stylesheet from files, with no inline script or style', async () => {
    const html = await readFile(join(built.outdir, 'index.html'), 'utf8');
    const [js, css] = built.firstLoad;
    expect(html).toContain(`<script type="module" src="/${js}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/${css}">`);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
  });

  it('leaves out the GDS Transport font, which is for GOV.UK services only', async () => {
    const css = await readFile(join(built.outdir, built.firstLoad[1] ?? ''), 'utf8');
    expect(css).not.toContain('@font-face');
    expect(css).not.toContain('/assets/fonts/');
    // The rule removes each face whole and nothing after it.
    expect(withoutFontFaces('a{b:c}@font-face{font-family:X;src:url(/f)}d{e:f}')).toBe(
      'a{b:c}d{e:f}',
    );
  });
});
