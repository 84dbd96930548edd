import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Services } from '../../../src/main/services/services.js'
import { savedRecordPath } from '../../../src/main/sync/SavedRecord.js'
import { inProcessApi } from '../../helpers/api.js'
import { casebook } from '../../helpers/cli.js'
import { eventually } from '../../helpers/clients.js'
import { readPdf } from '../../helpers/pdf.js'
import { useRelays } from '../../helpers/relay.js'
import { TempDirs } from '../../helpers/tempDirs.js'

describe('what the relay is known to hold, for a report', () => {
  const relays = useRelays()
  const dirs = new TempDirs('casebook-saved-record-')
  const stops: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop()
    dirs.removeAll()
  })

  const savedFile = async (dir: string) => JSON.parse(await readFile(savedRecordPath(dir, 'brt'), 'utf8')) as { seenAt: string | null; saved: string[] }

  it('records a document saved on the network, drops it at once when it changes offline, and a report says so, as of the last connection', async () => {
    const relay = await relays.start()
    const dir = dirs.make()
    const services = await Services.start(dir)
    const api = inProcessApi(services)
    let stopped = false
    stops.push(async () => {
      await api.close()
      if (!stopped) await services.stop()
    })
    await api.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt', 'member', { name: 'Ana' }) })
    const lagos = await api.request('library.create', { kind: 'case-study', title: 'Lagos BRT', network: 'brt' })
    const quito = await api.request('library.create', { kind: 'case-study', title: 'Quito Metro', network: 'brt' })
    await eventually(() => services.sync.state(lagos.id) === 'saved' && services.sync.state(quito.id) === 'saved', 'both documents are saved on the network')
    expect(services.sync.standing('brt')?.isSaved(lagos.id)).toBe(true)

    // The relay goes away; Quito changes on this device.
    relay.process.kill('SIGTERM')
    await relay.exited
    await eventually(async () => (await api.request('networks.list', {}))[0]?.online === false, 'the device is offline')
    const offlineAt = Date.now()
    await api.request('documents.setMeta', { id: quito.id, patch: { city: 'Quito' } })
    expect(services.sync.standing('brt')?.isSaved(quito.id)).toBe(false)
    // Written at once, not when the app stops: a crash now still leaves Quito unsaved on disk.
    await eventually(async () => !(await savedFile(dir)).saved.includes(quito.id), 'the record on disk no longer holds Quito')
    expect((await savedFile(dir)).saved).toContain(lagos.id)

    await services.stop()
    stopped = true
    const { seenAt } = await savedFile(dir)
    expect(Date.parse(seenAt ?? '')).toBeLessThanOrEqual(offlineAt)
    expect(offlineAt - Date.parse(seenAt ?? '')).toBeLessThan(30_000)

    const out = join(dirs.make(), 'report.pdf')
    const result = await casebook(['report', '--network', 'brt', '--title', 'BRT', '--out', out, '--data', dir])
    expect(result.stderr).toBe('')
    const cover = (await readPdf(await readFile(out))).pages[0] ?? ''
    const asOf = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(seenAt ?? ''))
    expect(cover).toContain(`As of this device's last sync with brt: ${asOf} UTC. Not yet saved on brt: Quito Metro Cities Quito`)
  })

  it('holds nothing for a document made while the app was not running, which a report lists as not yet saved', async () => {
    const dir = dirs.make()
    const made = await casebook(['new', '--kind', 'case-study', '--title', 'Made offline', '--network', 'brt', '--data', dir])
    expect(made.code, made.stderr).toBe(0)
    const out = join(dirs.make(), 'report.docx')
    expect((await casebook(['report', '--network', 'brt', '--title', 'BRT', '--out', out, '--data', dir])).code).toBe(0)
    const { default: mammoth } = await import('mammoth')
    const { value } = await mammoth.extractRawText({ path: out })
    expect(value).toContain('This device has no record of a sync with brt: what the network holds may differ.\n\nNot yet saved on brt:\n\nMade offline')
  })
})
