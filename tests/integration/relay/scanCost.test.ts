import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { countItems } from '../../../src/relay/countItems.js'
import { RelayStore } from '../../../src/relay/store.js'
import { fromMarkdown } from '../../../src/shared/export/markdown.js'
import { BODY_FRAGMENT, newDocumentState } from '../../../src/shared/model/document.js'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { STORED_ACK_PARAM } from '../../../src/shared/protocol/messages.js'
import { encodeUpdate } from '../../../src/shared/protocol/syncFrames.js'
import { eventually, rawConnect, storedAcks, useClients } from '../../helpers/clients.js'
import { chainedText, craftedItem, heldBack, itemId, listedTwice, offlineWriters, sameOriginUpdate } from '../../helpers/costlyUpdates.js'
import { typedBackwardsUpdate } from '../../helpers/largeDocuments.js'
import { largeMarkdown } from '../../helpers/markdownCorpus.js'
import { type RelayProcess, useRelays } from '../../helpers/relay.js'
import { useTempDirs } from '../../helpers/tempDir.js'

const ROOM = 'brt/scan'

describe("an update whose merge would take Yjs's conflict scan too long", () => {
  const relays = useRelays()
  const clients = useClients()
  const temps = useTempDirs()

  /** Sends an update on a connection of its own; resolves with how the relay closed it, once it did, or null once the reader has `arrived`. */
  async function send(relay: RelayProcess, token: string, update: Uint8Array): Promise<{ code: number; reason: string }> {
    const raw = rawConnect(relay.url, `/${ROOM}`, token)
    await raw.opened
    raw.ws.send(encodeUpdate(update))
    return raw.closed
  }

  /** Sends an update on a connection of its own; resolves once the relay has stored it, or with the code it closed the connection with. */
  async function sendStored(relay: RelayProcess, token: string, update: Uint8Array): Promise<'stored' | number> {
    const sender = rawConnect(relay.url, `/${ROOM}`, token, `&${STORED_ACK_PARAM}=1`)
    await sender.opened
    let refused: number | null = null
    void sender.closed.then(({ code }) => (refused ??= code))
    sender.ws.send(encodeUpdate(update))
    await eventually(() => storedAcks(sender).includes(1) || refused !== null, 'the update is stored or refused', 30_000)
    sender.ws.close()
    return refused ?? 'stored'
  }

  /** Sends updates, each once the one before is stored, and waits until a reader holds them all, as a doc that applied them holds them. */
  async function seed(relay: RelayProcess, token: string, ...updates: Uint8Array[]): Promise<Y.Doc> {
    const expected = new Y.Doc()
    for (const update of updates) Y.applyUpdate(expected, update)
    const reader = clients.connect(relay.url, ROOM, token)
    await reader.synced()
    for (const update of updates) expect(await sendStored(relay, token, update)).toBe('stored')
    await eventually(() => Y.equalSnapshots(Y.snapshot(reader.doc), Y.snapshot(expected)), 'the reader holds what was sent', 30_000)
    return expected
  }

  /** Stops a relay, and starts another on its data with the same arguments. */
  async function restart(relay: RelayProcess, args: string[] = []): Promise<RelayProcess> {
    relay.process.kill('SIGTERM')
    await relay.exited
    return relays.start({ dataDir: relay.dataDir, args })
  }

  /** The room's document as stored: read by a fresh client of a new relay on the same data, after the first stopped. */
  async function stored(relay: RelayProcess, token: string): Promise<Y.Doc> {
    const reader = clients.connect((await restart(relay)).url, ROOM, token)
    await reader.synced()
    return reader.doc
  }

  /** What client 7, having seen `text`, sends as it types `typed` at its end. */
  function typedAtEnd(text: Y.Doc, typed: string[]): Uint8Array[] {
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(text))
    writer.clientID = 7
    return typed.map((characters) => {
      const seen = Y.encodeStateVector(writer)
      writer.getText('t').insert(writer.getText('t').length, characters)
      return Y.encodeStateAsUpdate(writer, seen)
    })
  }

  /**
   * Once the room, left empty, is compacted, stops the relay and checks what is stored: a snapshot of
   * the 20 characters of `text` alone, and the struct 3000 holds back on writer 7 in its own row;
   * then, on a new relay, writer 7 types at the end, and that struct integrates.
   */
  async function heldApartOnceCompacted(relay: RelayProcess, token: string, text: Y.Doc): Promise<void> {
    await eventually(async () => (await relay.metrics()).get('casebook_relay_compactions_total') === 1, 'the document is compacted', 30_000)
    relay.process.kill('SIGTERM')
    await relay.exited
    const store = new RelayStore(relay.dataDir)
    const { snapshot, updates, heldBack: row } = store.load(ROOM)
    store.close()
    expect(updates).toEqual([])
    const compacted = new Y.Doc()
    Y.applyUpdate(compacted, snapshot!)
    expect(compacted.store.pendingStructs).toBe(null)
    expect(Y.decodeStateVector(Y.encodeStateVector(compacted))).toEqual(
      new Map([
        [1, 10],
        [2, 10],
      ]),
    )
    expect(Y.decodeUpdate(row!).structs.map((struct) => struct.id)).toEqual([{ client: 3000, clock: 0 }])
    const again = await relays.start({ dataDir: relay.dataDir })
    const [typed] = typedAtEnd(text, ['end']) as [Uint8Array]
    expect(await sendStored(again, token, typed)).toBe('stored')
    expect(textOf(await stored(again, token))).toBe(`${'a'.repeat(20)}mend`)
  }

  const textOf = (doc: Y.Doc, name = 't') => doc.getText(name).toString()

  it('refuses a writer who never saw a long text typing backwards into it with 4415, and stores nothing of it', { timeout: 60_000 }, async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const expected = await seed(relay, token, typedBackwardsUpdate(20_000, 1, null))
    const storedBefore = (await relay.metrics()).get('casebook_relay_updates_total')
    // 200 items, each of which would scan the 20,000 before it: 4 million steps.
    expect(await send(relay, token, typedBackwardsUpdate(200, 2 ** 31, null))).toEqual({
      code: CLOSE.updateTooCostly.code,
      reason: CLOSE.updateTooCostly.reason,
    })
    const metrics = await relay.metrics()
    expect(metrics.get('casebook_relay_rejected_frames_total{reason="updateTooCostly"}')).toBe(1)
    expect(metrics.get('casebook_relay_updates_total')).toBe(storedBefore)
    expect(textOf(await stored(relay, token)) === textOf(expected), 'the stored text is as it was').toBe(true)
  })

  it('refuses the same writer listed twice in one update, its first list made to look held back, with 4415, and stores nothing of it', {
    timeout: 60_000,
  }, async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const expected = await seed(relay, token, typedBackwardsUpdate(20_000, 1, null))
    const storedBefore = (await relay.metrics()).get('casebook_relay_updates_total')
    expect((await send(relay, token, listedTwice(typedBackwardsUpdate(200, 2 ** 31, null), 2 ** 31))).code).toBe(CLOSE.updateTooCostly.code)
    expect((await relay.metrics()).get('casebook_relay_updates_total')).toBe(storedBefore)
    expect(textOf(await stored(relay, token)) === textOf(expected), 'the stored text is as it was').toBe(true)
  })

  it('refuses a crafted update of writers sharing one origin with 4415', { timeout: 60_000 }, async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const { base, update } = sameOriginUpdate(2000)
    const expected = await seed(relay, token, base)
    expect((await send(relay, token, update)).code).toBe(CLOSE.updateTooCostly.code)
    expect(textOf(await stored(relay, token)) === textOf(expected), 'the stored text is as it was').toBe(true)
  })

  it('stores the slices of a large update applied before a costly one was refused, and nothing of that one', { timeout: 60_000 }, async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const seeded = await seed(relay, token, typedBackwardsUpdate(20_000, 1, null))
    // One writer: 15,000 items typed backwards into a text of its own (clocks 0–14,999, cheap), then
    // 200 into the text it never saw (costly), in the second slice of 10,000 items.
    const writer = new Y.Doc()
    writer.clientID = 2 ** 31
    for (let i = 0; i < 15_000; i++) writer.getText('own').insert(0, 'o')
    for (let i = 0; i < 200; i++) writer.getText('t').insert(0, 'x')
    expect((await send(relay, token, Y.encodeStateAsUpdate(writer))).code).toBe(CLOSE.updateTooCostly.code)
    const doc = await stored(relay, token)
    expect(textOf(doc, 'own')).toBe('o'.repeat(10_000))
    expect(textOf(doc) === textOf(seeded), 'the text the writer never saw is as it was').toBe(true)
  })

  it("charges a struct Yjs holds back to no update, its own or another writer's after it", { timeout: 60_000 }, async () => {
    // A budget under the text's length: the held struct's scan over the text, were it counted, would pass it.
    const relay = await relays.start({ args: ['--max-update-scan', '1000'] })
    const token = await relay.invite('brt', 'member')
    const text = chainedText(2000)
    await seed(relay, token, Y.encodeStateAsUpdate(text))
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(text))
    writer.clientID = 7
    const seen = Y.encodeStateVector(writer)
    writer.getText('t').insert(2000, 'end')
    expect(await sendStored(relay, token, heldBack(text).held)).toBe('stored')
    expect(await sendStored(relay, token, Y.encodeStateAsUpdate(writer, seen))).toBe('stored')
    const metrics = await relay.metrics()
    expect(metrics.get('casebook_relay_rejected_frames_total{reason="updateTooCostly"}')).toBeUndefined()
    expect(textOf(await stored(relay, token))).toBe(`${'a'.repeat(2000)}end`)
  })

  it('locks no writer out with structs held back on its next clock: they are discarded once it writes, and it goes on writing', {
    timeout: 60_000,
  }, async () => {
    const relay = await relays.start({ args: ['--max-update-scan', '1000'] })
    const token = await relay.invite('brt', 'member')
    const text = chainedText(2000)
    await seed(relay, token, Y.encodeStateAsUpdate(text))
    // Between the text's first item and writer 7's next character: held back until 7 types, then a
    // scan of the whole text (1,999 steps), past the budget.
    expect(await sendStored(relay, token, craftedItem({ client: 3000, clock: 0 }, itemId(text, 0), { client: 7, clock: 0 }, 'M'))).toBe('stored')
    const [first, second] = typedAtEnd(text, ['end', '!']) as [Uint8Array, Uint8Array]
    const writer = rawConnect(relay.url, `/${ROOM}`, token, `&${STORED_ACK_PARAM}=1`)
    await writer.opened
    let closed: number | null = null
    void writer.closed.then(({ code }) => (closed = code))
    writer.ws.send(encodeUpdate(first))
    await eventually(() => storedAcks(writer).includes(1) || closed !== null, 'the first update is stored', 30_000)
    const metrics = await relay.metrics()
    expect(metrics.get('casebook_relay_rejected_frames_total{reason="updateTooCostly"}')).toBeUndefined()
    expect(metrics.get('casebook_relay_held_back_discarded_total')).toBe(1)
    expect(relay.logs.filter((line) => line['msg'] === 'discarded structs held back in a document: their conflict scan would pass --max-update-scan')).toEqual([
      expect.objectContaining({ room: ROOM }),
    ])
    writer.ws.send(encodeUpdate(second))
    await eventually(() => storedAcks(writer).includes(2) || closed !== null, 'the second update is stored', 30_000)
    expect(closed).toBe(null)
    writer.ws.close()
    expect(textOf(await stored(relay, token))).toBe(`${'a'.repeat(2000)}end!`)
  })

  it("integrates cheap structs held back once what they wait for arrives, charged to nobody's update: broadcast, and stored across a restart before it arrives", {
    timeout: 60_000,
  }, async () => {
    const args = ['--max-update-scan', '1000']
    const relay = await relays.start({ args })
    const token = await relay.invite('brt', 'member')
    const text = chainedText(2000)
    await seed(relay, token, Y.encodeStateAsUpdate(text))
    // Writer 7's next character scans 899 steps (from the first item to the 901st); a struct held
    // back on it, 199 (from the 701st to it): each within the budget, not both.
    const own = craftedItem({ client: 7, clock: 0 }, itemId(text, 0), itemId(text, 900), 'w')
    expect(await sendStored(relay, token, craftedItem({ client: 3000, clock: 0 }, itemId(text, 700), { client: 7, clock: 0 }, 'm'))).toBe('stored')
    const again = await restart(relay, args)
    const reader = clients.connect(again.url, ROOM, token)
    await reader.synced()
    expect(textOf(reader.doc)).toBe('a'.repeat(2000))
    expect(await sendStored(again, token, own)).toBe('stored')
    const expected = `${'a'.repeat(900)}mw${'a'.repeat(1100)}`
    await eventually(() => textOf(reader.doc) === expected, 'the reader holds both', 30_000)
    const metrics = await again.metrics()
    expect(metrics.get('casebook_relay_rejected_frames_total{reason="updateTooCostly"}')).toBeUndefined()
    expect(metrics.get('casebook_relay_held_back_discarded_total')).toBe(0)
    expect(textOf(await stored(again, token))).toBe(expected)
  })

  it('keeps structs held back out of a compaction, and in their own row: they integrate once what they wait for arrives', { timeout: 60_000 }, async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const text = chainedText(20)
    expect(await sendStored(relay, token, Y.encodeStateAsUpdate(text))).toBe('stored')
    const held = craftedItem({ client: 3000, clock: 0 }, itemId(text, 0), { client: 7, clock: 0 }, 'm')
    expect(await sendStored(relay, token, held)).toBe('stored')
    // Left empty, the document is unloaded and compacted.
    await heldApartOnceCompacted(relay, token, text)
  })

  it('loads structs held back that older relays stored whole in an update row, and moves them to their own row, out of the compacted snapshot', {
    timeout: 60_000,
  }, async () => {
    const text = chainedText(20)
    const held = craftedItem({ client: 3000, clock: 0 }, itemId(text, 0), { client: 7, clock: 0 }, 'm')
    const dataDir = temps.make()
    const old = new RelayStore(dataDir)
    old.append(
      [
        { room: ROOM, update: Y.encodeStateAsUpdate(text) },
        { room: ROOM, update: held },
      ],
      [],
    )
    old.close()
    const relay = await relays.start({ dataDir })
    const token = await relay.invite('brt', 'member')
    // Loaded, then left empty: unloaded and compacted.
    const reader = clients.connect(relay.url, ROOM, token)
    await reader.synced()
    expect(textOf(reader.doc)).toBe('a'.repeat(20))
    reader.provider.disconnect()
    await heldApartOnceCompacted(relay, token, text)
  })

  it('takes by default an update whose merge scans 70,000 steps: a writer who never synced typing into a text of 70,000 items', {
    timeout: 60_000,
  }, async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const text = typedBackwardsUpdate(70_000, 2 ** 31, null)
    const typed = typedBackwardsUpdate(5, 1, null)
    await seed(relay, token, text)
    // With a lower client id than the text's writer, only its first item scans, past all 70,000.
    expect(await sendStored(relay, token, typed)).toBe('stored')
    const expected = new Y.Doc()
    Y.applyUpdate(expected, text)
    Y.applyUpdate(expected, typed)
    expect(textOf(await stored(relay, token)) === textOf(expected), 'the text is stored with what the writer typed').toBe(true)
  })

  it('takes legit merges within a budget of 20,000 steps: writers offline from a real trace, and an update the size of a 500 KB Markdown import', {
    timeout: 120_000,
  }, async () => {
    // They fit a budget well under the default (100,000).
    const relay = await relays.start({ args: ['--max-update-scan', '20000'] })
    const token = await relay.invite('brt', 'member')
    const { base, updates } = offlineWriters('seph-blog1', 0, 20_000, [
      { client: 5, start: 0 },
      { client: 3, start: 0 },
      { client: 4, start: 20_000 },
    ])
    const [a, b, c] = updates as [Uint8Array, Uint8Array, Uint8Array]
    const markdown = newDocumentState({ kind: 'case-study', title: 'Imported' }, fromMarkdown(largeMarkdown(500_000)).body).state
    expect(countItems(markdown, Infinity)).toBeGreaterThan(70_000)
    // A and C merge into what B added in one update: the largest legit scan measured (10,110 steps).
    const expected = await seed(relay, token, base, b, Y.mergeUpdates([a, c]), markdown)
    const metrics = await relay.metrics()
    expect(metrics.get('casebook_relay_rejected_frames_total{reason="updateTooCostly"}')).toBeUndefined()
    const doc = await stored(relay, token)
    expect(textOf(doc) === textOf(expected), 'the merged text is stored').toBe(true)
    expect(doc.getXmlFragment(BODY_FRAGMENT).toString() === expected.getXmlFragment(BODY_FRAGMENT).toString(), 'the import is stored').toBe(true)
  })
})
