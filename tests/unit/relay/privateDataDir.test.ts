import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { loadSecret } from '../../../src/relay/secret.js'
import { RelayStore } from '../../../src/relay/store.js'
import { useTempDir } from '../../helpers/tempDir.js'

const tightened = vi.hoisted(() => [] as string[])

vi.mock('../../../src/relay/privateDataDir.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/relay/privateDataDir.js')>()
  return {
    ...actual,
    makePrivateDataDir: (dir: string) => {
      tightened.push(dir)
      actual.makePrivateDataDir(dir)
    },
  }
})

describe("the relay's data directory", () => {
  const temp = useTempDir()

  it('is tightened once as the relay starts (its secret read, then its store opened), the secret included', () => {
    const dataDir = join(temp.path, 'relay-data')
    mkdirSync(dataDir, { mode: 0o755 })
    chmodSync(dataDir, 0o755)
    writeFileSync(join(dataDir, 'secret'), 's'.repeat(43), { mode: 0o644 })
    chmodSync(join(dataDir, 'secret'), 0o644)
    expect(new TextDecoder().decode(loadSecret(dataDir, {}))).toBe('s'.repeat(43))
    new RelayStore(dataDir).close()
    expect(tightened).toEqual([dataDir])
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700')
    expect((statSync(join(dataDir, 'secret')).mode & 0o777).toString(8)).toBe('600')
  })
})
