import { homedir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { defaultDataDir, resolveDataDir } from '../../src/main/dataDir.js'

describe('the data directory', () => {
  it('comes from --data, then CASEBOOK_DATA, then the per-user folder', () => {
    expect(resolveDataDir('/tmp/flag', { CASEBOOK_DATA: '/tmp/env' })).toBe('/tmp/flag')
    expect(resolveDataDir(undefined, { CASEBOOK_DATA: '/tmp/env' })).toBe('/tmp/env')
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/tmp/xdg' })).toBe(defaultDataDir(process.platform, { XDG_CONFIG_HOME: '/tmp/xdg' }, homedir()))
  })

  it('is the folder Electron gives an app named Casebook', () => {
    expect(defaultDataDir('linux', {}, '/home/ama')).toBe('/home/ama/.config/Casebook')
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/data/config' }, '/home/ama')).toBe('/data/config/Casebook')
    expect(defaultDataDir('darwin', {}, '/Users/ama')).toBe('/Users/ama/Library/Application Support/Casebook')
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ama\\AppData\\Roaming' }, 'C:\\Users\\ama')).toBe('C:\\Users\\ama\\AppData\\Roaming\\Casebook')
  })
})
