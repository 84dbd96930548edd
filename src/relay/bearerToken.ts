import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** The token of a request's `Authorization: Bearer <token>`, or null when it has none. */
export function bearerToken(request: IncomingMessage): string | null {
  return /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? null
}

/**
 * Whether the request carries `Authorization: Bearer <token>`. Both sides are hashed first, so that
 * the comparison takes the same time whatever was sent, its length included.
 */
export function hasBearerToken(request: IncomingMessage, token: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(bearerToken(request) ?? ''), digest(token))
}
