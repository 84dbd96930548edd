import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { DocumentConnection } from '../../../src/main/sync/documentConnection.js'

/**
 * A relay that is not ours, or not well, may send anything. What does not decode must end that
 * document's connection with a clear error, not throw out of the socket's event and end the process.
 */
describe('a document connection to a relay that sends frames that do not decode', () => {
  const servers: WebSocketServer[] = []
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve))
  })

  const unreadable = {
    code: 'RELAY_PROTOCOL',
    message: 'The relay sent a message about document 0123456789abcdef that Casebook cannot read, so the document is not synced with it.',
  }
  it.each([
    ['a sync step 2 cut short', [0, 1, 200], unreadable],
    ['an awareness update cut short', [1, 10, 1, 2], unreadable],
    ['a stored acknowledgement with no count', [100], unreadable],
    // Read by the frame readers the relay uses (src/shared/protocol), which refuse these as it does.
    ['a sync step it does not know', [0, 3, 0], unreadable],
    ['a sync frame with bytes after its end', [0, 2, 2, 0, 0, 7], unreadable],
    ['an awareness update with bytes after its last entry', [1, 2, 0, 7], unreadable],
    // Whole as a frame, but not an update: the network boundary refuses it before it is merged.
    [
      'an update that is not one',
      [0, 2, 3, 255, 255, 255],
      { code: 'WRONG_NETWORK', message: 'Network brt sent a change to document 0123456789abcdef that cannot be read; nothing of it was stored.' },
    ],
  ])('ends the connection with a clear error on %s', async (_name, frame, error) => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'casebook' })
    servers.push(server)
    await new Promise((resolve) => server.once('listening', resolve))
    server.on('connection', (socket) => socket.send(new Uint8Array(frame)))
    const doc = new Y.Doc({ guid: '0123456789abcdef' })
    const { port } = server.address() as AddressInfo
    const connection = new DocumentConnection(
      { relayUrl: `ws://127.0.0.1:${port}`, network: 'brt', token: 'not.a.token', role: 'member', name: 'Test user' },
      doc,
    )
    try {
      await expect(connection.settled()).rejects.toMatchObject(error)
      expect(doc.getXmlFragment('body').length).toBe(0)
    } finally {
      connection.destroy()
      doc.destroy()
    }
  })
})
