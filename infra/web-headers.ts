/**
 * The work tray's security headers, one definition for both worlds: CloudFront's
 * response headers policy in AWS (stacks/web-stack.ts), and the local server on one
 * machine, so the browser tests meet the Content-Security-Policy the deployment sends.
 * No AWS imports: the local server may import this alone.
 */

/** Two years (730 days × 86,400 s), the usual recommendation. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** Powerful features the page never uses, refused to it and to anything it loads. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/**
 * No inline script or style (the app is built to files), nothing framed, no plugins:
 * scripts, styles, fonts and images come from the page's own origin, and the page
 * fetches only from itself (config.json) and `connectTo` (in AWS the API and the
 * identity provider; locally nothing, the API is the page's own origin). Sign-in
 * leaves the page by navigation, which `connect-src` does not govern.
 */
export const contentSecurityPolicy = (connectTo: readonly string[] = []): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${[...new Set(["'self'", ...connectTo])].join(' ')}`,
    "manifest-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');

/**
 * The headers the local server should send with the work tray's files. HSTS is left
 * out: it is served over plain HTTP on localhost, where browsers ignore it anyway.
 */
export const localWebHeaders = (): Record<string, string> => ({
  'content-security-policy': contentSecurityPolicy(),
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': PERMISSIONS_POLICY,
  'cross-origin-opener-policy': 'same-origin',
});
