import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RelayStore } from '../../../src/relay/store.js'
import { eventually, useClients, type Client } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'

describe('a relay killed with SIGKILL mid-session', () => {
  const relays = useRelays()
  const clients = useClients()

  it('loses no edit: five editing clients reconnect to its restart and every document converges', { timeout: 60_000 }, async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const rooms = ['brt/one', 'brt/two']
    // c0 asks to be told what is stored: its first update message is the sync reply, then one per word.
    const editors = Array.from({ length: 5 }, (_, n) => ({
      name: `c${n}`,
      client: clients.connect(relay.url, rooms[n % 2]!, token, { ack: n === 0 }),
      typed: [] as string[],
    }))
    await Promise.all(editors.map(({ client }) => client.synced()))

    // Everyone types a word every 20 ms, before, during and after the outage.
    let counter = 0
    const typing = setInterval(() => {
      for (const editor of editors) {
        const word = `${editor.name}-${counter}`
        editor.client.doc.getArray<string>('words').push([word])
        editor.typed.push(word)
      }
      counter += 1
    }, 20)
    try {
      await new Promise((resolve) => setTimeout(resolve, 600))
      relay.process.kill('SIGKILL')
      await relay.exited
      const acknowledged = editors[0]!.typed.slice(0, (editors[0]!.client.stored.at(-1) ?? 1) - 1)
      expect(acknowledged.length).toBeGreaterThan(10)
      // Whatever the relay acknowledged is in its database, whatever the kill interrupted.
      const store = new RelayStore(relay.dataDir)
      const saved = new Y.Doc()
      const { snapshot, updates } = store.load('brt/one')
      store.close()
      for (const update of [...(snapshot ? [snapshot] : []), ...updates]) Y.applyUpdate(saved, update)
      const savedWords = new Set(saved.getArray<string>('words').toArray())
      expect(acknowledged.filter((word) => !savedWords.has(word))).toEqual([])
      await new Promise((resolve) => setTimeout(resolve, 400))
      const restarted = await relays.start({ dataDir: relay.dataDir, port: relay.port })
      await eventually(() => editors.every(({ client }) => client.provider.wsconnected), 'every client has reconnected')
      await new Promise((resolve) => setTimeout(resolve, 400))
      clearInterval(typing)

      for (const room of rooms) {
        const inRoom = editors.filter(({ client }) => client.provider.roomname === room)
        const words = (client: Client) => client.doc.getArray<string>('words').toArray()
        const expected = inRoom.flatMap(({ typed }) => typed)
        await eventually(() => inRoom.every(({ client }) => words(client).length === expected.length), `every client in ${room} has every word`)
        const first = JSON.stringify(words(inRoom[0]!.client))
        for (const { client } of inRoom) expect(JSON.stringify(words(client))).toBe(first)
        expect(new Set(words(inRoom[0]!.client))).toEqual(new Set(expected))

        // And the relay itself holds all of it.
        const late = clients.connect(restarted.url, room, token)
        await late.synced()
        await eventually(() => words(late).length === expected.length, `a late joiner of ${room} gets every word`)
      }
    } finally {
      clearInterval(typing)
    }
  })
})
