import type { IncomingMessage, ServerResponse } from 'node:http'
import { INVITE_PAGE_PATH } from '../shared/protocol/inviteLink.js'
import { sendGuestAsset, sendGuestHtml } from './guestPage.js'

/** The invite page's files in the guest folder (scripts/build.mjs), served at /join/<file>. */
const FILES = new Set(['join.js', 'join.css'])
const FILES_PREFIX = `${INVITE_PAGE_PATH}/`

/** Whether a request's path (without its query) is the invite page's or one of its files'. */
export function isJoinPagePath(path: string): boolean {
  return path === INVITE_PAGE_PATH || path.startsWith(FILES_PREFIX)
}

/**
 * Answers `GET /join` with the invite page (join.html of the guest folder), which reads the invite
 * in its address's fragment, and `GET /join/join.js` and `/join/join.css` with its files. The page is
 * the same whatever the request holds: the invite never reaches the relay. It connects to nothing
 * (connect-src 'none'), is never cached and sends no referrer.
 */
export async function serveJoinPage(request: IncomingMessage, response: ServerResponse, path: string, guestDir: string | undefined): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return void response
      .writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' })
      .end('The invite page is read with GET.\n')
  }
  if (path !== INVITE_PAGE_PATH) {
    const name = path.slice(FILES_PREFIX.length)
    return sendGuestAsset(response, guestDir, FILES.has(name) ? name : null)
  }
  return sendGuestHtml(response, guestDir, 'join.html', "'none'", 'The invite page')
}
