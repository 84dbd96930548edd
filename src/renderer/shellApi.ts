import { CasebookError } from '../shared/errors.js'
import { errorFromReply, type BackendEvent, type CasebookApi } from '../shared/ipc/contract.js'
import { decodeShellFrame, encodeBytesRequest, encodeDocumentFrame, hasBytes } from '../shared/ipc/shellFrames.js'
import { SHELL_SECRET_PARAM, SHELL_SOCKET_PATH, type ShellReply, type ShellRequest } from '../shared/ipc/shellProtocol.js'

/**
 * `window.casebook` for a page served by the browser shell: the contract over the shell's
 * WebSocket, admitted with the shell's secret (shellSecret.ts). Resolves once connected.
 */
export function connectToShell({ origin, secret }: { origin: string; secret: string }, WebSocketImpl: typeof WebSocket = WebSocket): Promise<CasebookApi> {
  const url = `${origin.replace(/^http/, 'ws')}${SHELL_SOCKET_PATH}?${SHELL_SECRET_PARAM}=${encodeURIComponent(secret)}`
  const ws = new WebSocketImpl(url)
  ws.binaryType = 'arraybuffer'
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  const eventListeners = new Set<(event: BackendEvent) => void>()
  const messageListeners = new Set<(id: string, message: Uint8Array) => void>()
  let next = 1

  ws.onmessage = (event: MessageEvent) => {
    let reply: ShellReply
    if (event.data instanceof ArrayBuffer) {
      const frame = decodeShellFrame(new Uint8Array(event.data))
      if (frame.type === 'document') for (const listener of messageListeners) listener(frame.id, frame.message)
      if (frame.type !== 'response') return
      reply = frame.reply
    } else reply = JSON.parse(String(event.data)) as ShellReply
    if (reply.type === 'event') {
      for (const listener of eventListeners) listener(reply.event)
      return
    }
    const waiter = pending.get(reply.n)
    pending.delete(reply.n)
    if (reply.ok) waiter?.resolve(reply.value)
    else waiter?.reject(errorFromReply(reply.error))
  }
  ws.onclose = () => {
    for (const waiter of pending.values())
      waiter.reject(new CasebookError('INTERNAL', 'The connection to Casebook was lost; reload the page.', { reason: 'connectionLost' }))
    pending.clear()
  }

  const api: CasebookApi = {
    request(channel, input) {
      const n = next++
      const request: ShellRequest = { type: 'request', n, channel, input }
      return new Promise((resolve, reject) => {
        pending.set(n, { resolve: resolve as (value: unknown) => void, reject })
        // A file's bytes travel as they are, in a binary frame (shellFrames.ts).
        ws.send(hasBytes(request) ? encodeBytesRequest(request) : JSON.stringify(request))
      })
    },
    onEvent(listener) {
      eventListeners.add(listener)
      return () => eventListeners.delete(listener)
    },
    sendDocumentMessage(id, message) {
      if (ws.readyState === ws.OPEN) ws.send(encodeDocumentFrame(id, message))
    },
    onDocumentMessage(listener) {
      messageListeners.add(listener)
      return () => messageListeners.delete(listener)
    },
  }
  return new Promise((resolve, reject) => {
    ws.onopen = () => resolve(api)
    ws.onerror = () =>
      reject(new CasebookError('INTERNAL', 'Casebook refused this page; open the address Casebook printed, with its secret.', { reason: 'pageRefused' }))
  })
}
