import { CasebookError } from '../shared/errors.js'
import type { CasebookApi, CasebookBridge } from '../shared/ipc/contract.js'

/** The contract's API over the desktop app's preload bridge: a refused request throws a CasebookError. */
export function apiFromBridge(bridge: CasebookBridge): CasebookApi {
  return {
    async request(channel, input) {
      const reply = await bridge.request(channel, input)
      if (reply.ok) return reply.value
      throw new CasebookError(reply.error.code, reply.error.message)
    },
    onEvent: (listener) => bridge.onEvent(listener),
    sendDocumentMessage: (id, message) => bridge.sendDocumentMessage(id, message),
    onDocumentMessage: (listener) => bridge.onDocumentMessage(listener),
  }
}
