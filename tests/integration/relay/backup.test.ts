import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Client, eventually, useClients } from '../../helpers/clients.js'
import { pngImage } from '../../helpers/images.js'
import { useRelays } from '../../helpers/relay.js'
import { useTempDir } from '../../helpers/tempDir.js'

const DOCUMENTS = ['lagos', 'quito', 'lima']
const ACKNOWLEDGED = 20
const line = (n: number) => `line ${n}`

describe('casebook relay backup and restore', () => {
  const relays = useRelays()
  const clients = useClients()
  const temp = useTempDir()

  /** Adds a line to the writer's document, and waits until the relay says it stored it. */
  async function acknowledged(writer: Client, text: string): Promise<void> {
    const before = writer.stored.length
    writer.doc.getArray('lines').push([text])
    await eventually(() => writer.stored.length > before, `the relay acknowledges ${text}`)
  }

  it('backs up while writers write; a relay restored from it gives a fresh client every update acknowledged before, under the invites given out before', async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member', { name: 'Ana' })
    const writers = DOCUMENTS.map((document) => clients.connect(relay.url, `brt/${document}`, token, { ack: true }))
    await Promise.all(writers.map((writer) => writer.synced()))
    for (let n = 0; n < ACKNOWLEDGED; n += 1) await Promise.all(writers.map((writer) => acknowledged(writer, line(n))))

    // The writers go on writing, a line every few milliseconds each, while the backup is made.
    let writing = true
    const load = (async () => {
      for (let n = ACKNOWLEDGED; writing; n += 1) {
        for (const writer of writers) writer.doc.getArray('lines').push([line(n)])
        await new Promise((resolve) => setTimeout(resolve, 3))
      }
    })()
    const out = join(temp.path, 'relay.backup')
    const backup = await relays.run(['backup', '--data', relay.dataDir, '--out', out])
    writing = false
    await load
    expect(backup.stderr).toBe('')
    expect(backup.stdout).toBe(`Backed up the relay's data (${backup.stdout.match(/\((\d+) pages\)/)?.[1]} pages) to ${out}, with its signing secret.\n`)
    expect(backup.code).toBe(0)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    expect(readdirSync(temp.path)).toEqual(['relay.backup'])

    const restoredDir = join(temp.path, 'restored')
    const restore = await relays.run(['restore', out, '--data', restoredDir])
    expect(restore).toMatchObject({ code: 0, stderr: '' })
    expect(restore.stdout).toMatch(
      new RegExp(`^Restored the backup made at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z into ${restoredDir}, with its signing secret\\.\\n$`),
    )
    expect(readdirSync(restoredDir).sort()).toEqual(['relay.sqlite', 'secret'])
    expect(readFileSync(join(restoredDir, 'secret'), 'utf8')).toBe(readFileSync(join(relay.dataDir, 'secret'), 'utf8').trim())

    // The original still runs; the restored one, on its own port, takes the invite given out before.
    const restored = await relays.start({ dataDir: restoredDir })
    for (const document of DOCUMENTS) {
      const fresh = clients.connect(restored.url, `brt/${document}`, token)
      await fresh.synced()
      const lines = fresh.doc.getArray<string>('lines').toArray()
      expect(lines.slice(0, ACKNOWLEDGED)).toEqual(Array.from({ length: ACKNOWLEDGED }, (_, n) => line(n)))
      // And what came after, in the order written, up to the backup's moment: the writers were writing while it was made.
      expect(lines).toEqual(Array.from({ length: lines.length }, (_, n) => line(n)))
      expect(lines.length).toBeGreaterThan(ACKNOWLEDGED)
    }
  })

  it('refuses, changing nothing: a file that is no backup, a directory that holds a relay, a backup over a file, and a directory with no relay; then restores', async () => {
    const relay = await relays.start()
    // Made during a rotation of the signing secret: the previous key goes with it too.
    const previous = 'p'.repeat(43)
    writeFileSync(join(relay.dataDir, 'secret.previous'), previous, { mode: 0o600 })
    const out = join(temp.path, 'relay.backup')
    expect((await relays.run(['backup', '--data', relay.dataDir, '--out', out])).code).toBe(0)
    const before = readFileSync(out)

    const notes = join(temp.path, 'notes.txt')
    writeFileSync(notes, 'Not a backup at all, but long enough to be read as one: '.repeat(20))
    const fresh = join(temp.path, 'fresh')
    expect(await relays.run(['restore', notes, '--data', fresh])).toEqual({
      code: 1,
      stdout: '',
      stderr: `casebook: ${notes} is not a relay backup made by casebook relay backup: file is not a database.\n`,
    })
    expect(existsSync(join(fresh, 'relay.sqlite'))).toBe(false)

    const store = join(relay.dataDir, 'relay.sqlite')
    expect(await relays.run(['restore', store, '--data', fresh])).toMatchObject({
      code: 1,
      stderr: `casebook: ${store} is not a relay backup made by casebook relay backup: no such table: casebook_relay_backup.\n`,
    })

    const storeBefore = readFileSync(store)
    expect(await relays.run(['restore', out, '--data', relay.dataDir])).toMatchObject({
      code: 2,
      stderr: `casebook: ${relay.dataDir} already holds a relay's data; restore into a new directory, so that nothing is replaced.\n`,
    })
    expect(readFileSync(store)).toEqual(storeBefore)

    expect(await relays.run(['backup', '--data', relay.dataDir, '--out', out])).toMatchObject({
      code: 1,
      stderr: `casebook: ${out} already exists; a backup never replaces a file.\n`,
    })
    expect(readFileSync(out)).toEqual(before)

    expect(await relays.run(['backup', '--data', join(temp.path, 'nothing'), '--out', join(temp.path, 'other.backup')])).toMatchObject({
      code: 2,
      stderr: `casebook: There is no relay data in ${join(temp.path, 'nothing')}; give --data.\n`,
    })
    expect(await relays.run(['restore', join(temp.path, 'missing.backup'), '--data', fresh])).toMatchObject({
      code: 1,
      stderr: `casebook: There is no backup ${join(temp.path, 'missing.backup')}.\n`,
    })
    expect(readdirSync(temp.path).sort()).toEqual(['notes.txt', 'relay.backup'])

    // The backup itself restores, the previous key with the current one.
    expect((await relays.run(['restore', out, '--data', fresh])).code).toBe(0)
    expect(readdirSync(fresh).sort()).toEqual(['relay.sqlite', 'secret', 'secret.previous'])
    expect(readFileSync(join(fresh, 'secret.previous'), 'utf8')).toBe(previous)
    expect(statSync(join(fresh, 'secret.previous')).mode & 0o777).toBe(0o600)
  })

  it("holds the network's images: a relay restored from it gives them back", async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const image = pngImage(24, 24)
    const address = (of: { http: string }) => `${of.http}/blobs/brt/${createHash('sha256').update(image).digest('hex')}`
    const headers = { authorization: `Bearer ${token}` }
    expect((await fetch(address(relay), { method: 'PUT', headers, body: image })).status).toBe(201)
    const out = join(temp.path, 'relay.backup')
    expect((await relays.run(['backup', '--data', relay.dataDir, '--out', out])).code).toBe(0)
    const restoredDir = join(temp.path, 'restored')
    expect((await relays.run(['restore', out, '--data', restoredDir])).code).toBe(0)

    const restored = await relays.start({ dataDir: restoredDir })
    const answer = await fetch(address(restored), { headers })
    expect(answer.status).toBe(200)
    expect(Buffer.from(await answer.arrayBuffer()).equals(Buffer.from(image))).toBe(true)
  })
})
