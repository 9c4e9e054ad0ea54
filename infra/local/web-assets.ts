/**
 * The work tray on one machine: the local API server also serves the built app (web/dist)
 * at `/`, with `/config.json` saying to sign in through the local "sign in as" page and
 * to call the API on the same origin. The headers are those CloudFront adds in AWS
 * (infra/web-headers.ts), so a page that needed inline script or style breaks here first.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { localWebHeaders } from '../web-headers.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface WebAssets {
  /** The built app's directory (web/dist by default). */
  readonly dir: string;
  /** The council's case record link template, passed to the pages in config.json. */
  readonly caseRecordUrlTemplate?: string;
}

/**
 * Answers a request for the app, or returns false for the API to answer: `GET /`,
 * `GET /config.json` and `GET /assets/<file>` only, none of which is an API route.
 */
export async function answerWebAsset(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  assets: WebAssets,
): Promise<boolean> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const headers = localWebHeaders();
  if (pathname === '/config.json') {
    const config = {
      auth: 'local',
      apiUrl: '',
      ...(assets.caseRecordUrlTemplate
        ? { caseRecordUrlTemplate: assets.caseRecordUrlTemplate }
        : {}),
    };
    response.writeHead(200, {
      ...headers,
      'content-type': TYPES['.json'],
      'cache-control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : JSON.stringify(config));
    return true;
  }
  let file: string;
  if (pathname === '/' || pathname === '/index.html') file = 'index.html';
  else if (pathname === '/your-views.html') file = 'your-views.html';
  else if (/^\/assets\/[\w.-]+$/.test(pathname) && !pathname.includes('..')) {
    file = pathname.slice(1);
  } else return false;
  const path = resolve(assets.dir, file);
  if (!path.startsWith(resolve(assets.dir))) return false;
  let body: Buffer;
  try {
    body = await readFile(join(path));
  } catch {
    if (file !== 'index.html') return false;
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('The work tray is not built: run npm run build:web, then start again.\n');
    return true;
  }
  response.writeHead(200, {
    ...headers,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': file.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
  return true;
}
