import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { eventually } from '../../helpers/clients.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'
import { useServicesDevices } from '../../helpers/servicesDevices.js'

describe('changed since I last looked', () => {
  const relays = useRelays()
  const devices = useServicesDevices('casebook-looked-')

  async function device(relay: RelayProcess, name: string, dir?: string) {
    const { api, dataDir, stop } = await devices.start(dir)
    if ((await api.request('networks.list', {})).length === 0)
      await api.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt', 'member', { name }) })
    const changed = async (id: string) => (await api.request('library.list', {})).find((row) => row.id === id)?.changed
    return { api, dir: dataDir, stop, changed }
  }

  it('marks on each device a document someone else changed since its user last had it open, and keeps that across a restart', async () => {
    const relay = await relays.start()
    const ana = await device(relay, 'Ana')
    let bo = await device(relay, 'Bo')
    const { id } = await ana.api.request('library.create', { kind: 'case-study', title: 'Lagos BRT', network: 'brt' })
    // Her own new document is no news to Ana; to Bo it is.
    expect(await ana.changed(id)).toBe(false)
    await eventually(async () => (await bo.changed(id)) === true, 'the new document reaches Bo, marked')

    await bo.api.request('documents.open', { id })
    await bo.api.request('documents.close', { id })
    await eventually(async () => (await bo.changed(id)) === false, 'opened, it is no longer marked')

    // Ana changes its details (an edit of its text would move its updatedAt too, within a minute).
    await ana.api.request('documents.setMeta', { id, patch: { city: 'Lagos' } })
    await eventually(async () => (await bo.changed(id)) === true, 'Ana’s change marks it on Bo’s device')
    expect(await ana.changed(id)).toBe(false)

    await bo.stop()
    bo = await device(relay, 'Bo', bo.dir)
    expect(await bo.changed(id)).toBe(true)
    await bo.api.request('documents.open', { id })
    await bo.api.request('documents.close', { id })
    await bo.stop()
    bo = await device(relay, 'Bo', bo.dir)
    expect(await bo.changed(id)).toBe(false)
  })

  it('starts over from a record, or a count of comments, damaged by a crash mid-write, rather than not starting', async () => {
    const first = await devices.start()
    const { id } = await first.api.request('library.create', { kind: 'case-study', title: 'Lagos BRT' })
    await first.stop()
    writeFileSync(join(first.dataDir, 'looked.json'), '{"since":"2026-11-')
    writeFileSync(join(first.dataDir, 'comment-counts.json'), '{"documents":{"')
    const again = await devices.start(first.dataDir)
    expect((await again.api.request('library.list', {})).map((row) => [row.id, row.changed, row.openComments])).toEqual([[id, false, 0]])
  })
})
