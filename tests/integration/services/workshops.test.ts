import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CasebookError } from '../../../src/shared/errors.js'
import type { BackendEvent } from '../../../src/shared/ipc/contract.js'
import { formatCode } from '../../../src/shared/protocol/workshops.js'
import { anchorOn } from '../../helpers/anchorOn.js'
import { eventually, useClients } from '../../helpers/clients.js'
import { appendParagraph, paragraphs } from '../../helpers/documents.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'
import { useServicesDevices } from '../../helpers/servicesDevices.js'

describe('workshops in the app, through a real relay', () => {
  const relays = useRelays()
  const clients = useClients()
  const devices = useServicesDevices('casebook-workshops-')

  type Device = Awaited<ReturnType<typeof device>>

  /** The app's back end on a data directory of its own, its profile named, joined to `network` with the role given, if any. */
  async function device(name: string, joins: { relay: RelayProcess; network?: string; role: 'member' | 'facilitator' } | null, dataDir?: string) {
    const started = await devices.start(dataDir)
    const { services, api } = started
    await api.request('settings.setProfile', { name, city: 'Lagos', color: '#1d4ed8' })
    if (joins) await api.request('networks.join', { relayUrl: joins.relay.url, token: await joins.relay.invite(joins.network ?? 'brt', joins.role, { name }) })
    const text = async (id: string) => {
      const handle = await services.library.open(id)
      try {
        return paragraphs(handle.doc)
      } finally {
        await handle.close()
      }
    }
    const write = async (id: string, words: string) => {
      const handle = await services.library.open(id)
      appendParagraph(handle.doc, words)
      await handle.close()
    }
    return { ...started, text, write }
  }

  /** A facilitator of brt, and a case study of theirs saved on the relay, with one paragraph. */
  async function facilitatorWithDocument(relay: RelayProcess) {
    const fatima = await device('Fatima', { relay, role: 'facilitator' })
    const { id } = await fatima.api.request('library.create', { kind: 'workshop-notes', title: 'Lagos BRT workshop', network: 'brt' })
    await fatima.write(id, 'Opening words')
    await eventually(
      async () => (await fatima.api.request('library.list', {})).find((row) => row.id === id)?.sync === 'saved',
      'the document is saved on the relay',
    )
    return { fatima, id }
  }

  const ended = (events: BackendEvent[]) => events.find((event): event is Extract<BackendEvent, { type: 'workshop-ended' }> => event.type === 'workshop-ended')
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: CasebookError) => ({ code: error.code, reason: error.reason, params: error.params }),
    )

  /** A stock client with a member's invite to brt has the paragraph: the relay holds it, and anyone connected has been sent it. */
  async function relayHas(relay: RelayProcess, id: string, words: string) {
    const probe = clients.connect(relay.url, `brt/${id}`, await relay.invite('brt', 'member', { name: 'Probe' }))
    await probe.synced()
    await eventually(() => paragraphs(probe.doc).includes(words), `the relay has “${words}”`)
  }

  it('a facilitator starts one; a participant joins by its link, gets the document under the network, and edits and comments flow both ways; ended, the copy stays and no longer syncs', async () => {
    const relay = await relays.start()
    const { fatima, id } = await facilitatorWithDocument(relay)

    const started = await fatima.api.request('workshops.start', { id, minutes: 30 })
    expect(started.code).toMatch(/^[2-9A-Z]{8}$/)
    expect(started.link).toBe(`${relay.http}/w/${formatCode(started.code)}`)
    expect(started).toMatchObject({ network: 'brt', document: id, endedAt: null, guests: [] })
    // The relay keeps the end to the second, as the session token's expiry.
    expect(Math.round((started.endsAt - started.startedAt) / 60_000)).toBe(30)
    // The editor can show it again: it runs.
    expect(await fatima.api.request('workshops.running', { id })).toEqual({ network: 'brt', code: started.code, endsAt: started.endsAt, link: started.link })

    const ana = await device('Ana', null)
    const joined = await ana.api.request('workshops.join', { input: started.link })
    expect(joined).toEqual({ network: 'brt', document: id, workshop: true, arrived: true })
    const rows = await ana.api.request('library.list', {})
    expect(rows.map((row) => [row.id, row.meta.network, row.meta.title])).toEqual([[id, 'brt', 'Lagos BRT workshop']])
    expect(await ana.text(id)).toEqual(['Opening words'])
    expect(await ana.api.request('networks.list', {})).toMatchObject([
      { id: 'brt', role: 'member', workshop: { code: started.code, document: id, endsAt: started.endsAt } },
    ])
    // The session token is kept as an invite is, with the workshop beside it.
    const settings = JSON.parse(await readFile(join(ana.dataDir, 'settings.json'), 'utf8'))
    expect(settings.networks).toMatchObject([{ id: 'brt', workshop: { code: started.code, document: id } }])
    expect(typeof settings.networks[0].token).toBe('string')
    await eventually(async () => (await ana.api.request('networks.list', {}))[0]?.online === true, 'the workshop counts as online')

    // The facilitator sees who joined, and that they are connected.
    await eventually(async () => {
      const { guests } = await fatima.api.request('workshops.status', { network: 'brt', code: started.code })
      return guests.length === 1 && guests[0]!.name === 'Ana' && guests[0]!.city === 'Lagos' && guests[0]!.online
    }, 'the facilitator sees Ana online')

    await ana.write(id, 'Written by Ana')
    await eventually(async () => (await fatima.text(id)).includes('Written by Ana'), 'Ana’s paragraph reaches the facilitator')
    await fatima.write(id, 'Written by Fatima')
    await eventually(async () => (await ana.text(id)).includes('Written by Fatima'), 'the facilitator’s paragraph reaches Ana')

    // Comments cross in both directions too, over the comments room the workshop keeps connected.
    await commentOn(ana, id, 'Opening', 'Ana asks')
    await eventually(async () => (await threads(fatima, id)).includes('Ana asks'), 'Ana’s comment reaches the facilitator')
    await commentOn(fatima, id, 'Fatima', 'Fatima answers')
    await eventually(async () => (await threads(ana, id)).includes('Fatima answers'), 'the facilitator’s comment reaches Ana')

    const end = await fatima.api.request('workshops.end', { network: 'brt', code: started.code })
    expect(end.endedAt).not.toBeNull()
    expect(await fatima.api.request('workshops.running', { id })).toBeNull()
    await eventually(() => ended(ana.api.events) !== undefined, 'Ana is told the workshop ended')
    expect(ended(ana.api.events)).toEqual({ type: 'workshop-ended', id, network: 'brt', title: 'Lagos BRT workshop', why: 'ended' })
    expect(await ana.api.request('networks.list', {})).toEqual([])
    expect(JSON.parse(await readFile(join(ana.dataDir, 'settings.json'), 'utf8')).networks).toEqual([])
    // A window that starts later is told too, until it is dismissed.
    expect(await ana.api.request('app.notices', {})).toContainEqual(ended(ana.api.events))
    const row = (await ana.api.request('library.list', {})).find((each) => each.id === id)
    expect(row).toMatchObject({ meta: { network: 'brt' }, sync: 'local-only' })
    expect(await ana.text(id)).toEqual(['Opening words', 'Written by Ana', 'Written by Fatima'])

    // What the facilitator writes afterwards reaches the relay, and anyone still connected, but not Ana's copy.
    await fatima.write(id, 'After the end')
    await relayHas(relay, id, 'After the end')
    expect(await ana.text(id)).toEqual(['Opening words', 'Written by Ana', 'Written by Fatima'])
    // Nor does what Ana writes go anywhere: the relay would refuse the token, and she has no invite.
    await ana.write(id, 'Ana, later')
    expect((await ana.api.request('library.list', {})).find((each) => each.id === id)?.sync).toBe('local-only')
    // Its code no longer admits anyone, and says since when.
    const late = await refusal(ana.api.request('workshops.join', { input: started.link }))
    expect(late).toMatchObject({ code: 'WORKSHOP_REFUSED', reason: 'workshopEnded', params: { endedAt: new Date(end.endedAt!).toISOString() } })
  })

  it('a participant joins by the bare code, found at the relay of another network they joined; removed, the entry ends and the copy stays', async () => {
    const relay = await relays.start()
    const { fatima, id } = await facilitatorWithDocument(relay)
    const started = await fatima.api.request('workshops.start', { id })
    expect(Math.round((started.endsAt - started.startedAt) / 60_000)).toBe(120)

    // Kofi belongs to another network on the same relay, and types the code as he heard it.
    const kofi = await device('Kofi', { relay, network: 'parks', role: 'member' })
    const joined = await kofi.api.request('workshops.join', { input: ` ${formatCode(started.code).toLowerCase()} ` })
    expect(joined).toEqual({ network: 'brt', document: id, workshop: true, arrived: true })
    expect((await kofi.api.request('networks.list', {})).map((network) => [network.id, network.workshop?.code])).toEqual([
      ['parks', undefined],
      ['brt', started.code],
    ])
    await kofi.write(id, 'Kofi was here')
    await eventually(async () => (await fatima.text(id)).includes('Kofi was here'), 'Kofi’s paragraph reaches the facilitator')

    const { guests } = await fatima.api.request('workshops.status', { network: 'brt', code: started.code })
    const removed = await fatima.api.request('workshops.remove', { network: 'brt', code: started.code, guest: guests[0]!.id })
    expect(removed.guests).toEqual([])
    await eventually(() => ended(kofi.api.events) !== undefined, 'Kofi is told he was removed')
    expect(ended(kofi.api.events)).toMatchObject({ id, network: 'brt', why: 'removed' })
    expect((await kofi.api.request('networks.list', {})).map((network) => network.id)).toEqual(['parks'])
    expect(await kofi.text(id)).toEqual(['Opening words', 'Kofi was here'])

    await fatima.write(id, 'After Kofi left')
    await relayHas(relay, id, 'After Kofi left')
    expect(await kofi.text(id)).toEqual(['Opening words', 'Kofi was here'])
    // The workshop goes on for the others.
    expect((await fatima.api.request('workshops.status', { network: 'brt', code: started.code })).endedAt).toBeNull()
  })

  it('a member of the network who joins gets its document’s id, and no workshop entry', async () => {
    const relay = await relays.start()
    const { fatima, id } = await facilitatorWithDocument(relay)
    const started = await fatima.api.request('workshops.start', { id, minutes: 60 })
    const ana = await device('Ana', { relay, role: 'member' })
    await eventually(async () => (await ana.api.request('library.list', {})).some((row) => row.id === id), 'the network brings the document')

    expect(await ana.api.request('workshops.join', { input: started.link })).toEqual({ network: 'brt', document: id, workshop: false, arrived: true })
    const [brt] = await ana.api.request('networks.list', {})
    expect(brt).toMatchObject({ id: 'brt', role: 'member' })
    expect(brt?.workshop).toBeUndefined()
    expect(JSON.parse(await readFile(join(ana.dataDir, 'settings.json'), 'utf8')).networks[0].workshop).toBeUndefined()
  })

  it('joining a second workshop of the same network is refused while the first runs; its own code again opens its document, taking no seat', async () => {
    const relay = await relays.start()
    const { fatima, id } = await facilitatorWithDocument(relay)
    const first = await fatima.api.request('workshops.start', { id })
    const { id: other } = await fatima.api.request('library.create', { kind: 'workshop-notes', title: 'Second session', network: 'brt' })
    await eventually(
      async () => (await fatima.api.request('library.list', {})).find((row) => row.id === other)?.sync === 'saved',
      'the second document is saved',
    )
    const second = await fatima.api.request('workshops.start', { id: other })
    const ana = await device('Ana', null)
    await ana.api.request('workshops.join', { input: first.link })

    expect(await refusal(ana.api.request('workshops.join', { input: second.link }))).toEqual({
      code: 'WORKSHOP_REFUSED',
      reason: 'otherWorkshop',
      params: { network: 'brt', title: 'Lagos BRT workshop' },
    })
    expect((await ana.api.request('networks.list', {})).map((network) => network.workshop?.code)).toEqual([first.code])

    expect(await ana.api.request('workshops.join', { input: formatCode(first.code) })).toEqual({ network: 'brt', document: id, workshop: true, arrived: true })
    expect((await fatima.api.request('workshops.status', { network: 'brt', code: first.code })).guests.map((guest) => guest.name)).toEqual(['Ana'])
    await fatima.write(id, 'Still joined')
    await eventually(async () => (await ana.text(id)).includes('Still joined'), 'the first workshop still syncs')
  })

  it('a workshop whose end passed while the app was closed ends at the next start; its document stays, and the window is told', async () => {
    const relay = await relays.start()
    const { fatima, id } = await facilitatorWithDocument(relay)
    const started = await fatima.api.request('workshops.start', { id, minutes: 5 })
    const ana = await device('Ana', null)
    await ana.api.request('workshops.join', { input: started.link })
    await ana.stop()
    // Five minutes later, as far as the settings can tell.
    const file = join(ana.dataDir, 'settings.json')
    const settings = JSON.parse(await readFile(file, 'utf8'))
    settings.networks[0].workshop.endsAt = Date.now() - 1000
    await writeFile(file, JSON.stringify(settings))

    const again = await device('Ana', null, ana.dataDir)
    await eventually(async () => (await again.api.request('app.notices', {})).length > 0, 'the window is told the workshop ended')
    expect(await again.api.request('networks.list', {})).toEqual([])
    expect(await again.api.request('app.notices', {})).toEqual([{ type: 'workshop-ended', id, network: 'brt', title: 'Lagos BRT workshop', why: 'ended' }])
    expect(await again.text(id)).toEqual(['Opening words'])
  })

  it('a clock that runs ahead of the relay’s does not end a workshop still connected: the relay says when it ends', async () => {
    const relay = await relays.start()
    const { fatima, id } = await facilitatorWithDocument(relay)
    const started = await fatima.api.request('workshops.start', { id, minutes: 30 })
    const ana = await device('Ana', null)
    await ana.api.request('workshops.join', { input: started.link })
    await ana.stop()
    // This computer's clock is 30 minutes fast: the workshop ends in a few seconds, as far as it can tell.
    const file = join(ana.dataDir, 'settings.json')
    const settings = JSON.parse(await readFile(file, 'utf8'))
    // Long enough for the device to start and connect again on a busy machine, else its clock would rightly end it offline.
    const endsAt = Date.now() + 10_000
    settings.networks[0].workshop.endsAt = endsAt
    await writeFile(file, JSON.stringify(settings))

    const again = await device('Ana', null, ana.dataDir)
    await eventually(async () => (await again.api.request('networks.list', {}))[0]?.online === true, 'the workshop connects again')
    await new Promise((resolve) => setTimeout(resolve, endsAt - Date.now() + 100))
    await fatima.write(id, 'Past the end by Ana’s clock')
    await eventually(async () => (await again.text(id)).includes('Past the end by Ana’s clock'), 'the facilitator’s paragraph still reaches Ana')
    expect(ended(again.api.events)).toBeUndefined()
    expect((await again.api.request('networks.list', {})).map((network) => network.workshop?.code)).toEqual([started.code])

    await fatima.api.request('workshops.end', { network: 'brt', code: started.code })
    await eventually(() => ended(again.api.events) !== undefined, 'the relay ends it')
  })

  it('says what is wrong with what was given: not a code, a code nobody has, no relay to ask, no name, no facilitator, no relay', async () => {
    const relay = await relays.start()
    const { fatima, id } = await facilitatorWithDocument(relay)
    const loner = await device('Lone', null)
    expect(await refusal(loner.api.request('workshops.join', { input: 'hello' }))).toMatchObject({ reason: 'notCode', params: { text: 'hello' } })
    expect(await refusal(loner.api.request('workshops.join', { input: `${relay.http}/w/K7Q4-2MX` }))).toMatchObject({ reason: 'notCode' })
    // A code of the right shape: the relay named by the link knows no such workshop.
    expect(await refusal(loner.api.request('workshops.join', { input: `${relay.http}/w/K7Q4-2MXR` }))).toEqual({
      code: 'WORKSHOP_REFUSED',
      reason: 'noWorkshop',
      params: undefined,
    })
    // A bare code, and no network joined to say which relay to ask.
    expect(await refusal(loner.api.request('workshops.join', { input: 'K7Q4-2MXR' }))).toMatchObject({ reason: 'unknownRelay' })
    // A bare code that the relays known do not have.
    const member = await device('Ana', { relay, role: 'member' })
    expect(await refusal(member.api.request('workshops.join', { input: 'K7Q4-2MXR' }))).toMatchObject({ reason: 'unknownRelay' })
    // No profile, no name to give.
    const { api } = await devices.start()
    expect(await refusal(api.request('workshops.join', { input: 'K7Q4-2MXR' }))).toMatchObject({ reason: 'noProfile' })

    // Only a facilitator starts one, and only on a document of a network.
    await eventually(async () => (await member.api.request('library.list', {})).some((row) => row.id === id), 'the member has the document')
    expect(await refusal(member.api.request('workshops.start', { id }))).toMatchObject({ reason: 'notFacilitator', params: { network: 'brt' } })
    const { id: own } = await fatima.api.request('library.create', { kind: 'case-study', title: 'Private notes' })
    expect(await refusal(fatima.api.request('workshops.start', { id: own }))).toMatchObject({ reason: 'notShared' })
    expect(await refusal(fatima.api.request('workshops.start', { id, minutes: 0 }))).toMatchObject({ code: 'BAD_REQUEST', params: { field: 'minutes' } })

    relay.process.kill('SIGKILL')
    await relay.exited
    expect(await refusal(fatima.api.request('workshops.start', { id }))).toMatchObject({ code: 'RELAY_UNREACHABLE', reason: 'startWorkshop' })
    expect(await refusal(member.api.request('workshops.join', { input: 'K7Q4-2MXR' }))).toMatchObject({ code: 'RELAY_UNREACHABLE', reason: 'unreachable' })
  })

  it('no other document is made in a workshop joined with its code, nor moved there; its own document keeps its network', async () => {
    const relay = await relays.start()
    const { fatima, id } = await facilitatorWithDocument(relay)
    const started = await fatima.api.request('workshops.start', { id })
    const ana = await device('Ana', null)
    await ana.api.request('workshops.join', { input: started.link })

    const oneDocument = { code: 'WORKSHOP_REFUSED', reason: 'oneDocument', params: { network: 'brt' } }
    expect(await refusal(ana.api.request('library.create', { kind: 'case-study', title: 'Elsewhere', network: 'brt' }))).toEqual(oneDocument)
    const { id: own } = await ana.api.request('library.create', { kind: 'case-study', title: 'Mine' })
    expect(await refusal(ana.api.request('documents.setMeta', { id: own, patch: { network: 'brt' } }))).toEqual(oneDocument)
    expect((await ana.api.request('library.list', {})).map((row) => [row.id, row.meta.network])).toEqual(
      expect.arrayContaining([
        [id, 'brt'],
        [own, undefined],
      ]),
    )
    await ana.api.request('documents.setMeta', { id, patch: { network: 'brt', city: 'Lagos' } })
  })

  it('the workshop’s document can go to the trash while the workshop runs, and comes back to it when restored', async () => {
    const relay = await relays.start()
    const { fatima, id } = await facilitatorWithDocument(relay)
    const started = await fatima.api.request('workshops.start', { id })
    const ana = await device('Ana', null)
    await ana.api.request('workshops.join', { input: started.link })

    await ana.api.request('library.trash', { id })
    expect((await ana.api.request('library.list', { place: 'trash' })).map((row) => row.id)).toEqual([id])
    await fatima.write(id, 'While it was in the trash')
    await relayHas(relay, id, 'While it was in the trash')
    await ana.api.request('library.restore', { id })
    await eventually(async () => (await ana.text(id)).includes('While it was in the trash'), 'the restored document syncs again')
  })

  /** Comments on the first occurrence of `words`, through the window's request. */
  async function commentOn(device: Device, id: string, words: string, body: string): Promise<void> {
    const handle = await device.services.library.open(id)
    const anchor = anchorOn(handle.doc, words)
    await handle.close()
    await device.api.request('comments.add', { id, kind: 'comment', anchor, quote: words, body })
  }

  async function threads(device: Device, id: string): Promise<string[]> {
    return (await device.api.request('comments.list', { id })).threads.map((thread) => thread.body)
  }
})
