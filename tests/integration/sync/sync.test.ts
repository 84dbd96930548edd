import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isCasebookError } from '../../../src/shared/errors.js'
import { writeMeta } from '../../../src/shared/model/document.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import type { Backend } from '../../helpers/backends.js'
import { hasDocument, textOf, useBackends } from '../../helpers/backends.js'
import { eventually } from '../../helpers/clients.js'
import { appendParagraph } from '../../helpers/documents.js'
import { spawnChild, useChildren } from '../../helpers/child.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'
import { everyDocumentSynced } from '../../helpers/syncSettled.js'
import { useTempDirs } from '../../helpers/tempDir.js'

async function edit(backend: Backend, id: string, change: Parameters<typeof appendParagraph>[1]): Promise<void> {
  const handle = await backend.library.open(id)
  appendParagraph(handle.doc, change)
  await handle.close()
}

describe('background sync of joined networks', () => {
  const relays = useRelays()
  const backends = useBackends()
  useChildren()
  const dirs = useTempDirs('casebook-killed-')

  async function joined(relay: RelayProcess, role: 'member' | 'viewer' = 'member', name = 'Ana') {
    const backend = await backends.start()
    await backend.sync.join({ relayUrl: relay.url, token: await relay.invite('brt', role, { name }) })
    return backend
  }

  const caseStudy = (title: string) => newDocumentContent({ kind: 'case-study', title, network: 'brt', city: 'Lagos' })

  it('brings a document created on one device to another without opening it, and carries edits both ways', async () => {
    const relay = await relays.start()
    const [a, b] = [await joined(relay), await joined(relay, 'member', 'Bo')]
    const id = await a.library.create(caseStudy('Lagos BRT'))
    await eventually(() => hasDocument(b, id), 'the document reaches the second device')
    expect(b.library.summary(id).meta).toMatchObject({ title: 'Lagos BRT', city: 'Lagos', network: 'brt' })

    await edit(a, id, 'written on A')
    await edit(b, id, 'written on B')
    const both = async (backend: Backend) => (await textOf(backend, id)).filter((text) => text.startsWith('written')).sort()
    await eventually(async () => (await both(a)).length === 2 && (await both(b)).length === 2, 'both edits reach both devices')
    expect(await textOf(a, id)).toEqual(await textOf(b, id))
    expect(await both(a)).toEqual(['written on A', 'written on B'])
    await eventually(() => a.sync.state(id) === 'saved' && b.sync.state(id) === 'saved', 'both report the document saved on the network')
  })

  it('keeps working offline and merges edits of the same paragraph made on both sides when the relay returns', async () => {
    const relay = await relays.start()
    const [a, b] = [await joined(relay), await joined(relay, 'member', 'Bo')]
    const id = await a.library.create(caseStudy('Offline'))
    await edit(a, id, 'shared paragraph')
    await eventually(async () => hasDocument(b, id) && (await textOf(b, id)).includes('shared paragraph'), 'the paragraph reaches B')
    await everyDocumentSynced(a)
    await everyDocumentSynced(b)

    relay.process.kill('SIGTERM')
    await relay.exited
    await eventually(() => !a.sync.networks()[0]!.online && !b.sync.networks()[0]!.online, 'both see the network offline')
    for (const [backend, word] of [
      [a, 'first'],
      [b, 'second'],
    ] as const) {
      const handle = await backend.library.open(id)
      const paragraph = handle.doc
        .getXmlFragment('body')
        .toArray()
        .find((node) => node.toString().includes('shared paragraph'))!
      ;(paragraph as unknown as { get(i: number): { insert(at: number, text: string): void } }).get(0).insert(0, `${word} `)
      writeMeta(handle.doc, { title: `Offline, edited ${word}` })
      await handle.close()
    }
    expect(a.sync.state(id)).toBe('local-only')

    const back = await relays.start({ dataDir: relay.dataDir, port: relay.port })
    expect(back.url).toBe(relay.url)
    const merged = (texts: string[]) => texts.some((text) => text.includes('first') && text.includes('second') && text.includes('shared paragraph'))
    await eventually(async () => merged(await textOf(a, id)) && merged(await textOf(b, id)), 'both hold both edits', 20_000)
    expect(await textOf(a, id)).toEqual(await textOf(b, id))
    const title = (backend: Backend) => backend.library.summary(id).meta.title
    expect(title(a)).toBe(title(b))
  })

  it('sends, after a restart, an edit that was stored locally when the back end was killed', async () => {
    const relay = await relays.start()
    const other = await joined(relay, 'member', 'Bo')
    const dataDir = dirs.make()
    const child = spawnChild('editOffline.ts', [dataDir, relay.url, await relay.invite('brt', 'member')])
    await child.waitForLine((line) => line === 'joined')
    relay.process.kill('SIGTERM')
    await relay.exited
    const id = (await child.waitForLine((line) => line.startsWith('stored '))).slice('stored '.length)
    child.process.kill('SIGKILL')
    await child.exited

    await relays.start({ dataDir: relay.dataDir, port: relay.port })
    const restarted = await backends.start(dataDir)
    expect(await textOf(restarted, id)).toEqual(['typed just before the crash'])
    await eventually(() => hasDocument(other, id), 'the document reaches the other device', 20_000)
    await eventually(async () => (await textOf(other, id)).includes('typed just before the crash'), 'with its edit')
    expect(other.library.summary(id).meta.title).toBe('Written offline')
  })

  it("never lets a viewer's edits reach anyone", async () => {
    const relay = await relays.start()
    const member = await joined(relay)
    const viewer = await joined(relay, 'viewer', 'Vi')
    const id = await member.library.create(caseStudy('Read only'))
    await eventually(() => hasDocument(viewer, id), 'the document reaches the viewer')

    await edit(viewer, id, 'from the viewer')
    await everyDocumentSynced(viewer)
    await edit(member, id, 'from the member')
    await eventually(async () => (await textOf(viewer, id)).includes('from the member'), 'the member’s edit reaches the viewer')
    await everyDocumentSynced(member)
    expect(await textOf(member, id)).not.toContain('from the viewer')
    const third = await joined(relay, 'member', 'Tri')
    await eventually(() => hasDocument(third, id), 'the document reaches a third device')
    await everyDocumentSynced(third)
    expect(await textOf(third, id)).toEqual(await textOf(member, id))
    expect(await textOf(third, id)).not.toContain('from the viewer')
  })

  it('refuses bad, expired, foreign and unreachable invites with a plain error, and saves nothing', async () => {
    const relay = await relays.start()
    const other = await relays.start()
    const backend = await backends.start()
    const cases: [string, { relayUrl: string; token: string }, string, RegExp][] = [
      ['garbage', { relayUrl: relay.url, token: 'not a token' }, 'INVALID_INVITE', /not a Casebook invite/],
      ['a bad address', { relayUrl: 'relay dot org', token: await relay.invite('brt', 'member') }, 'INVALID_INVITE', /not a relay address/],
      [
        'an expired invite',
        { relayUrl: relay.url, token: await relay.invite('brt', 'member', { expiresIn: '-1h' }) },
        'INVALID_INVITE',
        /expired on \d{4}-\d\d-\d\d/,
      ],
      [
        'an invite from another relay',
        { relayUrl: relay.url, token: await other.invite('brt', 'member') },
        'ACCESS_REFUSED',
        /refused the invite: The invite token is malformed or not signed by this relay/,
      ],
      [
        'an unreachable relay',
        { relayUrl: 'ws://127.0.0.1:9', token: await relay.invite('brt', 'member') },
        'RELAY_UNREACHABLE',
        /Cannot reach the relay at ws:\/\/127\.0\.0\.1:9/,
      ],
    ]
    for (const [what, invite, code, message] of cases) {
      const error = await backend.sync.join(invite).then(
        () => null,
        (caught: unknown) => caught,
      )
      expect(isCasebookError(error) && error.code, what).toBe(code)
      expect((error as Error).message, what).toMatch(message)
    }
    expect(backend.sync.networks()).toEqual([])
    expect(existsSync(backend.settings.path)).toBe(false)
    expect(existsSync(join(backend.dataDir, 'sync'))).toBe(false)
  })

  it('remembers joined networks across a restart, and leaving keeps the documents unless asked to remove them', async () => {
    const relay = await relays.start()
    const a = await joined(relay)
    const id = await a.library.create(caseStudy('Kept'))
    await everyDocumentSynced(a)
    await a.stop()

    const again = await backends.start(a.dataDir)
    expect(again.sync.networks()).toMatchObject([{ id: 'brt', relayUrl: relay.url, role: 'member' }])
    const settings = JSON.parse(await readFile(again.settings.path, 'utf8')) as { networks: { id: string; name: string }[] }
    expect(settings.networks).toMatchObject([{ id: 'brt', name: 'Ana' }])
    await again.sync.leave('brt')
    expect(again.sync.networks()).toEqual([])
    expect(again.library.summary(id).meta.title).toBe('Kept')

    await again.sync.join({ relayUrl: relay.url, token: await relay.invite('brt', 'member') })
    await again.sync.leave('brt', { removeDocuments: true })
    expect(again.library.list()).toEqual([])
    expect(again.library.listTrash().map((summary) => summary.id)).toEqual([id])
  })
})
