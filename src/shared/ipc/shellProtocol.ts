import type { BackendEvent, ErrorReply } from './contract.js'

/**
 * How the browser shell carries the contract over its WebSocket. Requests, responses and events are
 * JSON text frames; document messages, and requests and responses that carry a file's bytes, are
 * binary frames (shellFrames.ts).
 */
export type ShellRequest = { type: 'request'; n: number; channel: string; input: unknown }

export type ShellReply =
  | { type: 'response'; n: number; ok: true; value: unknown }
  | { type: 'response'; n: number; ok: false; error: ErrorReply }
  | { type: 'event'; event: BackendEvent }

/** The WebSocket's path, and the query parameter that carries the per-launch secret. */
export const SHELL_SOCKET_PATH = '/contract'
export const SHELL_SECRET_PARAM = 'secret'
