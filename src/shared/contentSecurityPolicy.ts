/**
 * The page's Content-Security-Policy, the same in both shells: its own scripts and style sheets only,
 * no inline script, no eval, no plugins, no framing, and no network but `connectSrc`. Style attributes
 * are allowed: collaborators' carets and avatars take their colour from one. Images may be `blob:` URLs,
 * which only the page itself makes: a document's images are shown from their bytes (ImageStore).
 */
export function contentSecurityPolicy(connectSrc: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src ${connectSrc}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}
