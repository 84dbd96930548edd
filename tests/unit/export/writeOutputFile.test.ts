import { readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { writeOutputFile } from '../../../src/cli/writeOutputFile.js'
import { useTempDir } from '../../helpers/tempDir.js'

/**
 * How link() behaves, for the tests that play a USB stick: FAT and exFAT refuse hard links with EPERM,
 * many SMB mounts with EOPNOTSUPP. `meanwhile` is what another program does to the target just before.
 */
const linking = vi.hoisted(() => ({ refuse: null as string | null, meanwhile: async (_path: string) => {} }))

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  return {
    ...actual,
    link: async (from: string, to: string) => {
      await linking.meanwhile(to)
      if (linking.refuse) throw Object.assign(new Error(`${linking.refuse}: operation not permitted, link`), { code: linking.refuse })
      return actual.link(from, to)
    },
  }
})

describe('writing an export to a new file', () => {
  const temp = useTempDir()
  let umask: number
  beforeEach(() => {
    umask = process.umask(0o022)
  })
  afterEach(() => {
    process.umask(umask)
    linking.refuse = null
    linking.meanwhile = async () => {}
  })
  const write = (name: string) => writeOutputFile(join(temp.path, name), '# Bike lanes\n', { force: false, forbidden: join(temp.path, 'data') })

  it.each([null, 'EPERM', 'EOPNOTSUPP', 'ENOTSUP'])('gives it the usual mode under umask 022 (0644), whether link() works or fails with %s', async (refuse) => {
    linking.refuse = refuse
    await write('lanes.md')
    expect(await readFile(join(temp.path, 'lanes.md'), 'utf8')).toBe('# Bike lanes\n')
    expect((await stat(join(temp.path, 'lanes.md'))).mode & 0o777).toBe(0o644)
    expect(await readdir(temp.path)).toEqual(['lanes.md'])
  })

  it('without hard links, still never replaces a file another program created meanwhile', async () => {
    linking.refuse = 'EPERM'
    linking.meanwhile = (path) => writeFile(path, 'my notes')
    await expect(write('lanes.md')).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' })
    expect(await readFile(join(temp.path, 'lanes.md'), 'utf8')).toBe('my notes')
    expect(await readdir(temp.path)).toEqual(['lanes.md'])
  })

  it('without hard links, never follows a symbolic link put at the target meanwhile', async () => {
    linking.refuse = 'EPERM'
    const victim = join(temp.path, 'victim')
    linking.meanwhile = (path) => symlink(victim, path)
    await expect(write('lanes.md')).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' })
    expect(await readdir(temp.path)).toEqual(['lanes.md'])
  })
})
