import { type BackendEvent, type CasebookApi, errorFromReply } from '../../src/shared/ipc/contract.js'
import type { Services } from '../../src/main/services/services.js'

/**
 * A renderer's `window.casebook` connected straight to the services in this process. Messages are
 * delivered on a later turn and in order, as over IPC, and copied, so that nothing is shared by
 * reference.
 */
export function inProcessApi(services: Services): CasebookApi & { events: BackendEvent[]; close(): Promise<void> } {
  const eventListeners = new Set<(event: BackendEvent) => void>()
  const messageListeners = new Set<(id: string, message: Uint8Array) => void>()
  const events: BackendEvent[] = []
  const client = services.connect({
    event: (event) =>
      setImmediate(() => {
        events.push(event)
        for (const listener of eventListeners) listener(structuredClone(event))
      }),
    documentMessage: (id, message) => {
      const copy = message.slice()
      setImmediate(() => {
        for (const listener of messageListeners) listener(id, copy)
      })
    },
  })
  return {
    events,
    async request(channel, input) {
      const copy = structuredClone(input)
      // In order with the document messages sent before it, as on a real transport.
      await new Promise((resolve) => setImmediate(resolve))
      const reply = await client.request(channel, copy)
      if (!reply.ok) throw errorFromReply(reply.error)
      return structuredClone(reply.value) as never
    },
    onEvent(listener) {
      eventListeners.add(listener)
      return () => eventListeners.delete(listener)
    },
    sendDocumentMessage(id, message) {
      const copy = message.slice()
      setImmediate(() => client.documentMessage(id, copy))
    },
    onDocumentMessage(listener) {
      messageListeners.add(listener)
      return () => messageListeners.delete(listener)
    },
    close: () => client.close(),
  }
}
