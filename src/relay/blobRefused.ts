import type { ServerResponse } from 'node:http'
import { sendJson } from './sendJson.js'

/** Each refusal of the blob routes (docs/PROTOCOL.md, Blobs), and its HTTP status. */
export const BLOB_REFUSALS = {
  notFound: 404,
  badMethod: 405,
  tokenMissing: 401,
  tokenInvalid: 401,
  tokenExpired: 401,
  workshopEnded: 401,
  tokenRevoked: 403,
  removedFromWorkshop: 403,
  wrongNetwork: 403,
  viewerUpload: 403,
  notInWorkshop: 403,
  tooManyFailedTokens: 429,
  lengthRequired: 411,
  tooLarge: 413,
  hashMismatch: 400,
  notImage: 400,
  svg: 400,
  tooManyPixels: 400,
  quota: 507,
} as const

export type BlobRefusal = keyof typeof BLOB_REFUSALS

/** A blob route's refusal: answered with its reason's status and `{ error: { reason, message } }`. */
export class BlobRefused extends Error {
  constructor(
    readonly reason: BlobRefusal,
    message: string,
    /** Headers the answer needs, as Allow for a method not taken. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }

  send(response: ServerResponse, headers: Record<string, string> = {}): void {
    sendJson(response, BLOB_REFUSALS[this.reason], { error: { reason: this.reason, message: this.message } }, { ...this.headers, ...headers })
  }
}
