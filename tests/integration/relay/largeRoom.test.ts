import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { countItems } from '../../../src/relay/countItems.js'
import { RelayStore } from '../../../src/relay/store.js'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import { encodeSyncStep1, encodeUpdate } from '../../../src/shared/protocol/syncFrames.js'
import { eventually, rawConnect, useClients } from '../../helpers/clients.js'
import { typedBackwards } from '../../helpers/largeDocuments.js'
import { useRelays } from '../../helpers/relay.js'
import { useTempDir } from '../../helpers/tempDir.js'

describe('a large stored document', () => {
  const relays = useRelays()
  const clients = useClients()
  const temp = useTempDir()

  it('is loaded a slice a turn: /healthz answers meanwhile, and the client that opened it waits, then syncs it all', { timeout: 60_000 }, async () => {
    // 200,000 characters typed backwards, stored as a snapshot: about 0.5 s of applying in one turn.
    const source = typedBackwards(200_000)
    const store = new RelayStore(temp.path)
    store.compact('brt/big', Y.encodeStateAsUpdate(source), 0)
    store.close()
    const relay = await relays.start({ dataDir: temp.path })
    const token = await relay.invite('brt', 'member')

    const opener = rawConnect(relay.url, '/brt/big', token)
    await opener.opened
    // Sent while the document loads: it waits, and is applied after.
    const note = new Y.Doc()
    note.getMap('m').set('note', 'sent while loading')
    opener.ws.send(encodeUpdate(Y.encodeStateAsUpdate(note)))
    // One /healthz after another until the relay sends the opener anything.
    let answered = 0
    while (opener.frames.length === 0) {
      const health = (await (await fetch(`${relay.http}/healthz`)).json()) as { status: string }
      if (opener.frames.length === 0 && health.status === 'ok') answered += 1
    }
    // Loaded in one turn, the document would be sent its step 1 in the turn that opened it.
    expect(answered).toBeGreaterThanOrEqual(3)
    // The first thing it is sent is the step 1 of the whole document.
    const decoder = decoding.createDecoder(opener.frames[0]!)
    expect([decoding.readVarUint(decoder), decoding.readVarUint(decoder)]).toEqual([MESSAGE.sync, 0])
    expect(decoding.readVarUint8Array(decoder)).toEqual(Y.encodeStateVector(source))

    // Its step 1 is answered in pieces of at most 10,000 structs, made a turn apart: updates, then
    // the step 2 last, so that a client counts itself synced once it has it all.
    opener.ws.send(encodeSyncStep1(new Y.Doc()))
    await eventually(() => opener.frames.some((frame) => frame[0] === MESSAGE.sync && frame[1] === 1), 'the opener has its step 2')
    const answer = opener.frames.slice(1).filter((frame) => frame[0] === MESSAGE.sync)
    expect(answer.length).toBeGreaterThanOrEqual(21)
    expect(answer.slice(0, -1).every((frame) => frame[1] === 2)).toBe(true)
    const opened = new Y.Doc()
    for (const frame of answer) {
      const payload = decoding.readVarUint8Array(decoding.createDecoder(frame.subarray(2)))
      expect(countItems(payload)).toBeLessThanOrEqual(10_000)
      Y.applyUpdate(opened, payload)
    }
    expect(opened.getText('t').toString()).toBe(source.getText('t').toString())

    const reader = clients.connect(relay.url, 'brt/big', token)
    await reader.synced()
    await eventually(() => reader.doc.getMap('m').size === 1, 'the reader has the update sent while loading')
    expect(reader.doc.getText('t').toString()).toBe(source.getText('t').toString())
    expect(reader.doc.getMap('m').get('note')).toBe('sent while loading')
  })

  it('that does not read closes its clients as a storage failure, and the relay goes on', { timeout: 30_000 }, async () => {
    const store = new RelayStore(temp.path)
    // One struct of content kind 11, which Yjs does not know.
    store.compact('brt/broken', Uint8Array.from([1, 1, 5, 0, 11, 1, 1, 65, 0]), 0)
    store.close()
    const relay = await relays.start({ dataDir: temp.path })
    const token = await relay.invite('brt', 'member')
    const opener = rawConnect(relay.url, '/brt/broken', token)
    expect((await opener.closed).code).toBe(CLOSE.storageFailed.code)
    expect(opener.frames).toEqual([])
    // The log line comes through the relay's stdout, perhaps after the close reached the client.
    await eventually(() => relay.logs.some((entry) => entry['msg'] === 'could not load a document' && entry['room'] === 'brt/broken'), 'the failure is logged')
    const other = clients.connect(relay.url, 'brt/other', token)
    await other.synced()
    expect(await (await fetch(`${relay.http}/healthz`)).json()).toEqual({ status: 'ok', documentsLoaded: 1 })
  })
})
