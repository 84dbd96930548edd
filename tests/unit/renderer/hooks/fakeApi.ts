import type { BackendEvent, CasebookApi } from '../../../../src/shared/ipc/contract.js'

/** A back end whose answers the test gives (or refuses), and whose events it tells. */
export function fakeApi() {
  const listeners = new Set<(event: BackendEvent) => void>()
  const asked: { channel: string; input: unknown; answer: (value: unknown) => void; fail: (error: Error) => void }[] = []
  const api = {
    request: (channel: string, input: unknown) => new Promise((answer, fail) => asked.push({ channel, input, answer, fail })),
    onEvent: (listener: (event: BackendEvent) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    sendDocumentMessage: () => {},
    onDocumentMessage: () => () => {},
  } as unknown as CasebookApi
  const tell = (event: BackendEvent) => {
    for (const listener of listeners) listener(event)
  }
  return { api, asked, tell, listening: () => listeners.size }
}
