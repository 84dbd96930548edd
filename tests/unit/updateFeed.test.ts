import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readUpdateFeed } from '../../src/main/updateFeed.js'
import { useTempDir } from '../helpers/tempDir.js'

describe('the update server a package names (resources/app-update.yml)', () => {
  const temp = useTempDir()
  const withConfig = (text: string) => {
    writeFileSync(join(temp.path, 'app-update.yml'), text)
    return readUpdateFeed(temp.path)
  }

  it('is its generic server’s https address, or one on this machine over http', async () => {
    await expect(withConfig('provider: generic\nurl: https://updates.example.org/casebook/\nupdaterCacheDirName: casebook-updater\n')).resolves.toBe(
      'https://updates.example.org/casebook/',
    )
    await expect(withConfig('provider: generic\nurl: http://127.0.0.1:8123/casebook/\n')).resolves.toBe('http://127.0.0.1:8123/casebook/')
    await expect(withConfig('provider: generic\nurl: http://localhost:8123/\n')).resolves.toBe('http://localhost:8123/')
  })

  it('is none when the package was made without an address (electron-builder.yml’s own), or without the file', async () => {
    await expect(withConfig("provider: generic\nurl: ''\nupdaterCacheDirName: casebook-updater\n")).resolves.toBeNull()
    await expect(withConfig('provider: generic\n')).resolves.toBeNull()
    await expect(readUpdateFeed(join(temp.path, 'elsewhere'))).resolves.toBeNull()
  })

  it('refuses plain http from another machine, another kind of server, and a file that is not YAML or an address that is none', async () => {
    await expect(withConfig('provider: generic\nurl: http://updates.example.org/casebook/\n')).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: 'The update address in app-update.yml must be https (plain http only on this machine), not http:.',
    })
    await expect(withConfig('provider: generic\nurl: file:///tmp/updates/\n')).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringContaining('not file:'),
    })
    await expect(withConfig('provider: github\nowner: c40\nrepo: casebook\n')).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: 'app-update.yml does not name a generic update server, the only kind Casebook uses.',
    })
    await expect(withConfig('provider: generic\nurl: [unclosed\n')).rejects.toMatchObject({ code: 'INVALID_FILE', message: 'app-update.yml is not YAML.' })
    await expect(withConfig('provider: generic\nurl: updates.example.org\n')).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: 'The update address in app-update.yml is not an address.',
    })
  })

  it('passes on a file it cannot read for another reason than its absence', async () => {
    mkdirSync(join(temp.path, 'app-update.yml'))
    await expect(readUpdateFeed(temp.path)).rejects.toMatchObject({ code: 'EISDIR' })
  })
})
