import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RelayStore } from '../../../src/relay/store.js'
import { eventually, useClients } from '../../helpers/clients.js'
import { typedBackwardsUpdate } from '../../helpers/largeDocuments.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'
import { useTempDir } from '../../helpers/tempDir.js'

const CHARACTERS = 1_000_000

describe("a large document's compaction", () => {
  const relays = useRelays()
  const clients = useClients()
  const temp = useTempDir()

  /**
   * A relay on a stored document of a million characters typed backwards (11 MB: past the size up to
   * which the worker rebuilds a document rather than merging its updates; merging takes it about a
   * second), and a client that has written the 500 updates that start its compaction, and then one
   * more: acknowledged while the compaction runs.
   */
  async function compacting(): Promise<{ relay: RelayProcess; written: number }> {
    const store = new RelayStore(temp.path)
    store.compact('brt/big', typedBackwardsUpdate(CHARACTERS, 2 ** 28, null), 0)
    store.close()
    const relay = await relays.start({ dataDir: temp.path })
    const writer = clients.connect(relay.url, 'brt/big', await relay.invite('brt', 'member'), { ack: true })
    await writer.synced()
    const acknowledged = writer.stored.at(-1) ?? 0
    for (let n = 0; n < 500; n += 1) writer.doc.getArray<number>('n').push([n])
    await eventually(() => (writer.stored.at(-1) ?? 0) >= acknowledged + 500, 'the 500 updates are stored', 30_000)
    writer.doc.getArray<number>('n').push([500])
    await eventually(() => (writer.stored.at(-1) ?? 0) >= acknowledged + 501, 'the last update is stored', 30_000)
    // Compacted in the turn that wrote the 500th update, the document would be compacted by now.
    expect((await relay.metrics()).get('casebook_relay_compactions_total')).toBe(0)
    return { relay, written: 501 }
  }

  function stored(): Y.Doc {
    const store = new RelayStore(temp.path)
    const { snapshot, updates } = store.load('brt/big')
    store.close()
    const doc = new Y.Doc()
    for (const update of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, update)
    return doc
  }

  it('runs off the event loop: updates are stored meanwhile, and once it is done the document holds them all', { timeout: 120_000 }, async () => {
    const { relay, written } = await compacting()
    await eventually(async () => (await relay.metrics()).get('casebook_relay_compactions_total') === 1, 'the document is compacted', 60_000)
    const doc = stored()
    expect(doc.getArray<number>('n').toArray()).toEqual(Array.from({ length: written }, (_, n) => n))
    expect(doc.getText('t').length).toBe(CHARACTERS)
  })

  it('loses no acknowledged update when the relay is killed with SIGKILL while it runs', { timeout: 120_000 }, async () => {
    const { relay, written } = await compacting()
    relay.process.kill('SIGKILL')
    await relay.exited
    const doc = stored()
    expect(doc.getArray<number>('n').toArray()).toEqual(Array.from({ length: written }, (_, n) => n))
    expect(doc.getText('t').length).toBe(CHARACTERS)
  })
})
