import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { countItems } from '../../../src/relay/countItems.js'
import { RelayStore } from '../../../src/relay/store.js'
import { fromMarkdown } from '../../../src/shared/export/markdown.js'
import { BODY_FRAGMENT } from '../../../src/shared/model/document.js'
import { newDocumentState } from '../../../src/shared/model/documentBody.js'
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

  /** A relay (with a scan budget, if given) whose room holds a chained text of `length` items, and a member's token. */
  async function chainedRoom(length: number, maxUpdateScan?: number): Promise<{ relay: RelayProcess; token: string; text: Y.Doc }> {
    const relay = await relays.start(maxUpdateScan === undefined ? {} : { args: ['--max-update-scan', String(maxUpdateScan)] })
    const token = await relay.invite('brt', 'member')
    const text = chainedText(length)
    await seed(relay, token, Y.encodeStateAsUpdate(text))
    return { relay, token, text }
  }

  /** `count` characters of `client`, typed after one of its own it never sends: all held back. */
  function heldRun(client: number, count: number): Uint8Array {
    const writer = new Y.Doc()
    writer.clientID = client
    writer.getText('own').insert(0, 'x')
    const seen = Y.encodeStateVector(writer)
    for (let i = 0; i < count; i++) writer.getText('own').insert(0, 'y')
    return Y.encodeStateAsUpdate(writer, seen)
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
   * the 20 characters of `text` alone (without the struct 3000 holds back on writer 7, even stored
   * whole by an older relay), and that struct in its own row; then, on a new relay, writer 7 types at
   * the end, and that struct integrates.
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

  const discardLogs = (relay: RelayProcess) => relay.logs.filter((line) => line['msg'] === 'discarded structs held back in a document')

  /** The room's held-back row as the relay, stopped once what it has is stored, left it in SQLite. */
  async function heldRow(relay: RelayProcess): Promise<Uint8Array | null> {
    relay.process.kill('SIGTERM')
    await relay.exited
    const store = new RelayStore(relay.dataDir)
    const { heldBack: row } = store.load(ROOM)
    store.close()
    return row
  }

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
    const { relay, token, text } = await chainedRoom(2000, 1000)
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
    const { relay, token, text } = await chainedRoom(2000, 1000)
    // Between the text's first item and writer 7's next character: held back until 7 types, then a
    // scan of the whole text (1,999 steps), past the budget.
    expect(await sendStored(relay, token, craftedItem({ client: 3000, clock: 0 }, itemId(text, 0), { client: 7, clock: 0 }, 'M'))).toBe('stored')
    expect(await typesOn(relay, token, text, ['end', '!'])).toBe(null)
    // Retried in a turn of its own, after the update that released it.
    await eventually(async () => (await relay.metrics()).get('casebook_relay_held_back_discarded_total') === 1, 'the held struct is discarded', 30_000)
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="updateTooCostly"}')).toBeUndefined()
    expect(discardLogs(relay)).toEqual([expect.objectContaining({ room: ROOM, reason: 'scan' })])
    expect(await heldRow(relay)).toBe(null)
    expect(textOf(await stored(relay, token))).toBe(`${'a'.repeat(2000)}end!`)
  })

  /** Writer 7 types `typed` at the end of `text`, an update each acknowledged before the next; returns the code its connection was closed with, or null. */
  async function typesOn(relay: RelayProcess, token: string, text: Y.Doc, typed: string[]): Promise<number | null> {
    const writer = rawConnect(relay.url, `/${ROOM}`, token, `&${STORED_ACK_PARAM}=1`)
    await writer.opened
    let closed: number | null = null
    void writer.closed.then(({ code }) => (closed = code))
    for (const [index, update] of typedAtEnd(text, typed).entries()) {
      writer.ws.send(encodeUpdate(update))
      await eventually(() => storedAcks(writer).includes(index + 1) || closed !== null, `update ${index + 1} is stored`, 30_000)
    }
    writer.ws.close()
    return closed
  }

  it('locks no writer out with a held-back struct Yjs fails to integrate (its origin a future clock of its own client): it is discarded, the writer goes on', {
    timeout: 60_000,
  }, async () => {
    const { relay, token, text } = await chainedRoom(20)
    // Held back until 7 types; then Yjs looks for its origin, 3000's clock 5, which nobody has, and throws.
    expect(await sendStored(relay, token, craftedItem({ client: 3000, clock: 0 }, { client: 3000, clock: 5 }, { client: 7, clock: 0 }, 'M'))).toBe('stored')
    expect(await typesOn(relay, token, text, ['end', '!'])).toBe(null)
    await eventually(async () => (await relay.metrics()).get('casebook_relay_held_back_discarded_total') === 1, 'the held struct is discarded', 30_000)
    expect(discardLogs(relay)).toEqual([expect.objectContaining({ room: ROOM, reason: 'failed' })])
    expect(await heldRow(relay)).toBe(null)
    expect(textOf(await stored(relay, token))).toBe(`${'a'.repeat(20)}end!`)
  })

  it('locks no writer out with a held-back struct Yjs fails to integrate, released by an update applied a slice a turn: it is stored once, the writer goes on', {
    timeout: 60_000,
  }, async () => {
    const { relay, token, text } = await chainedRoom(20)
    expect(await sendStored(relay, token, craftedItem({ client: 3000, clock: 0 }, { client: 3000, clock: 5 }, { client: 7, clock: 0 }, 'M'))).toBe('stored')
    // 7's next character, then 15,000 typed backwards into a text of its own: two slices.
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(text))
    writer.clientID = 7
    const seen = Y.encodeStateVector(writer)
    writer.getText('t').insert(20, 'e')
    for (let i = 0; i < 15_000; i++) writer.getText('own').insert(0, 'o')
    const storedBefore = (await relay.metrics()).get('casebook_relay_updates_total')!
    expect(await sendStored(relay, token, Y.encodeStateAsUpdate(writer, seen))).toBe('stored')
    await eventually(async () => (await relay.metrics()).get('casebook_relay_held_back_discarded_total') === 1, 'the held struct is discarded', 30_000)
    // One row per slice applied, none twice.
    expect((await relay.metrics()).get('casebook_relay_updates_total')).toBe(storedBefore + 2)
    const doc = await stored(relay, token)
    expect(textOf(doc)).toBe(`${'a'.repeat(20)}e`)
    expect(textOf(doc, 'own')).toBe('o'.repeat(15_000))
  })

  it('loads a room whose held-back row holds a struct Yjs fails to integrate, discarding it', { timeout: 60_000 }, async () => {
    const text = chainedText(20)
    const dataDir = temps.make()
    const old = new RelayStore(dataDir)
    const [end] = typedAtEnd(text, ['end']) as [Uint8Array]
    old.append(
      [
        { room: ROOM, update: Y.encodeStateAsUpdate(text) },
        { room: ROOM, update: end },
      ],
      [{ room: ROOM, update: craftedItem({ client: 3000, clock: 0 }, { client: 3000, clock: 5 }, { client: 7, clock: 0 }, 'M') }],
    )
    old.close()
    const relay = await relays.start({ dataDir })
    const token = await relay.invite('brt', 'member')
    const reader = clients.connect(relay.url, ROOM, token)
    await reader.synced()
    expect(textOf(reader.doc)).toBe(`${'a'.repeat(20)}end`)
    expect((await relay.metrics()).get('casebook_relay_held_back_discarded_total')).toBe(1)
    expect(await heldRow(relay)).toBe(null)
  })

  it("discards a member's costly held-back structs without a good-faith writer's cheap ones held back on the same clock: those integrate and are stored", {
    timeout: 60_000,
  }, async () => {
    const { relay, token, text } = await chainedRoom(2000, 1000)
    // Both wait for 7's next character: W's before it, after the text's 1,996th item (a scan of the
    // last 4), M's after the text's first item (a scan of the whole text).
    expect(await sendStored(relay, token, craftedItem({ client: 800, clock: 0 }, itemId(text, 1995), { client: 7, clock: 0 }, 'W'))).toBe('stored')
    expect(await sendStored(relay, token, craftedItem({ client: 3000, clock: 0 }, itemId(text, 0), { client: 7, clock: 0 }, 'M'))).toBe('stored')
    const reader = clients.connect(relay.url, ROOM, token)
    await reader.synced()
    let readerClosed = false
    reader.provider.on('connection-close', () => (readerClosed = true))
    expect(await typesOn(relay, token, text, ['end'])).toBe(null)
    const expected = `${'a'.repeat(2000)}Wend`
    await eventually(() => textOf(reader.doc) === expected, "the reader holds W's character and 7's", 30_000)
    await eventually(async () => (await relay.metrics()).get('casebook_relay_held_back_discarded_total') === 1, "M's struct is discarded", 30_000)
    expect(readerClosed).toBe(false)
    expect(await heldRow(relay)).toBe(null)
    expect(textOf(await stored(relay, token))).toBe(expected)
  })

  it('discards structs held back past the cap (10,000 items) as they come, with the metric, and keeps those held before', { timeout: 60_000 }, async () => {
    const { relay, token } = await chainedRoom(20)
    // 9,999 characters of client 3000 after one it never sent, then 2 more of client 3001 after one of its own never sent.
    expect(await sendStored(relay, token, heldRun(3000, 9_999))).toBe('stored')
    expect(await sendStored(relay, token, heldRun(3001, 2))).toBe('stored')
    expect((await relay.metrics()).get('casebook_relay_held_back_discarded_total')).toBe(1)
    expect(discardLogs(relay)).toEqual([expect.objectContaining({ room: ROOM, reason: 'cap' })])
    const row = await heldRow(relay)
    expect(new Set(Y.decodeUpdate(row!).structs.map((struct) => struct.id.client))).toEqual(new Set([3000]))
    expect(countItems(row!)).toBe(9_999)
  })

  it("counts the cap per token: a member who fills its share has its own next structs discarded, a good-faith writer's kept, and integrated once released", {
    timeout: 60_000,
  }, async () => {
    const { relay, token: writer, text } = await chainedRoom(20)
    const member = await relay.invite('brt', 'member')
    // M's 10,000 characters after one it never sent: its whole share.
    expect(await sendStored(relay, member, heldRun(3000, 10_000))).toBe('stored')
    // W's character, waiting for 7's next: kept.
    expect(await sendStored(relay, writer, craftedItem({ client: 800, clock: 0 }, itemId(text, 19), { client: 7, clock: 0 }, 'W'))).toBe('stored')
    expect((await relay.metrics()).get('casebook_relay_held_back_discarded_total')).toBe(0)
    // M's next held-back character passes its share: discarded.
    expect(await sendStored(relay, member, heldRun(3001, 1))).toBe('stored')
    expect((await relay.metrics()).get('casebook_relay_held_back_discarded_total')).toBe(1)
    const reader = clients.connect(relay.url, ROOM, writer)
    await reader.synced()
    expect(await typesOn(relay, writer, text, ['end'])).toBe(null)
    await eventually(() => textOf(reader.doc) === `${'a'.repeat(20)}Wend`, "the reader holds W's character and 7's", 30_000)
    const row = await heldRow(relay)
    expect(new Set(Y.decodeUpdate(row!).structs.map((struct) => struct.id.client))).toEqual(new Set([3000]))
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

  it('loads structs held back that older relays stored whole in an update row, and moves them to their own row, out of the compacted snapshot too', {
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
