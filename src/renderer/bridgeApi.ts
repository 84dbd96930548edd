import { errorFromReply, type CasebookApi, type CasebookBridge } from '../shared/ipc/contract.js'

/** The contract's API over the desktop app's preload bridge: a refused request throws a CasebookError. */
export function apiFromBridge(bridge: CasebookBridge): CasebookApi {
  return {
    async request(channel, input) {
      const reply = await bridge.request(channel, input)
      if (reply.ok) return reply.value
      throw errorFromReply(reply.error)
    },
    onEvent: (listener) => bridge.onEvent(listener),
    sendDocumentMessage: (id, message) => bridge.sendDocumentMessage(id, message),
    onDocumentMessage: (listener) => bridge.onDocumentMessage(listener),
  }
}
