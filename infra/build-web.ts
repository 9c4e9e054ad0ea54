/**
 * Builds the work tray (web/) into web/dist: index.html, and under assets/ the app's
 * JavaScript and one stylesheet (GOV.UK Frontend's prebuilt CSS and the app's own), each
 * named by its content's hash so CloudFront and browsers may keep them for a year. npm's
 * `prepare` runs it, so `npm ci` leaves the app built for `npm start -- --serve` and for
 * `cdk synth`.
 *
 * GOV.UK Frontend's @font-face rules are left out: the GDS Transport font is for
 * GOV.UK's own services only, and a council's service uses Arial, which the same
 * stylesheet names next.
 *
 *   node infra/build-web.ts [OUTDIR]
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const WEB_OUTDIR = 'web/dist';
/** The young person's page, beside index.html (its link: `/your-views.html#<key>`). */
export const YOUNG_PERSON_PAGE = 'your-views.html';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GOVUK_CSS = 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css';

export interface WebBuild {
  readonly outdir: string;
  /** The files index.html loads first, from outdir: the entry script and the stylesheet. */
  readonly firstLoad: readonly string[];
}

/** GOV.UK Frontend's stylesheet without the GDS Transport font faces. */
export const withoutFontFaces = (css: string) => css.replace(/@font-face\{[^}]*\}/g, '');

export async function buildWeb(outdir: string = WEB_OUTDIR): Promise<WebBuild> {
  const out = resolve(ROOT, outdir);
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'assets'), { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    // The young person's page is an entry of its own: it loads none of the tray's code.
    entryPoints: { app: 'web/src/main.tsx', voice: 'web/src/voice/main.tsx' },
    outdir: join(out, 'assets'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: 'web/tsconfig.json',
    metafile: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
  });
  const entry = Object.entries(result.metafile.outputs).find(
    ([, output]) => output.entryPoint === 'web/src/main.tsx',
  );
  if (!entry) throw new Error('the app bundle was not built');
  const js = basename(entry[0]);
  const voice = Object.entries(result.metafile.outputs).find(
    ([, output]) => output.entryPoint === 'web/src/voice/main.tsx',
  );
  if (!voice) throw new Error("the young person's page was not built");

  const css = [
    withoutFontFaces(await readFile(resolve(ROOT, GOVUK_CSS), 'utf8')),
    await readFile(resolve(ROOT, 'web/src/app.css'), 'utf8'),
  ].join('\n');
  const cssName = `app-${createHash('sha256').update(css).digest('hex').slice(0, 8)}.css`;
  await writeFile(join(out, 'assets', cssName), css);

  const html = (await readFile(resolve(ROOT, 'web/index.html'), 'utf8'))
    .replace('{{css}}', cssName)
    .replace('{{js}}', js);
  await writeFile(join(out, 'index.html'), html);
  const voiceHtml = (await readFile(resolve(ROOT, 'web/your-views.html'), 'utf8'))
    .replace('{{css}}', cssName)
    .replace('{{js}}', basename(voice[0]));
  await writeFile(join(out, YOUNG_PERSON_PAGE), voiceHtml);
  return { outdir: out, firstLoad: [`assets/${js}`, `assets/${cssName}`] };
}

if (import.meta.main) await buildWeb(process.argv[2]);
