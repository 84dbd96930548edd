import type { ServerResponse } from 'node:http'

/** Answers with a JSON body, which no cache keeps: it may hold a session token or who joined a workshop. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers })
    .end(JSON.stringify(body))
}
