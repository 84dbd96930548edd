import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Library } from '../../../src/main/library/library.js'
import { spawnChild, useChildren } from '../../helpers/child.js'
import { paragraphs } from '../../helpers/documents.js'
import { useRelays } from '../../helpers/relay.js'
import { selfSignedCert } from '../../helpers/selfSignedCert.js'
import { useTempDir } from '../../helpers/tempDir.js'

describe('Casebook syncing with a relay over wss://', () => {
  const relays = useRelays()
  const temp = useTempDir()
  useChildren()

  it('carries a document both ways between two back ends through a relay with --tls-cert and --tls-key', async () => {
    const { certPath, keyPath } = selfSignedCert(temp.path)
    const relay = await relays.start({ args: ['--tls-cert', certPath, '--tls-key', keyPath] })
    expect(relay.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/)
    const dirs = [join(temp.path, 'a'), join(temp.path, 'b')] as const
    const invites = [await relay.invite('brt', 'member', { name: 'Ana' }), await relay.invite('brt', 'member', { name: 'Bo' })]
    // The back ends run in a child, as Node reads the certificates it trusts besides its own only as it starts.
    const child = spawnChild('syncTwoBackends.ts', [relay.url, dirs[0], invites[0]!, dirs[1], invites[1]!], { NODE_EXTRA_CA_CERTS: certPath })
    const id = (await child.waitForLine((line) => line.startsWith('synced '), 30_000)).slice('synced '.length)
    expect(await child.exited).toEqual({ code: 0, signal: null })

    for (const dir of dirs) {
      const library = await Library.open(dir)
      const handle = await library.open(id)
      expect(paragraphs(handle.doc), dir).toEqual(['written on A', 'written on B'])
      await handle.close()
      await library.close()
    }
  })
})
