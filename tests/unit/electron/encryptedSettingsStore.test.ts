import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { EncryptedSettingsStore, type Cipher } from '../../../src/main/electron/encryptedSettingsStore.js'
import type { Settings } from '../../../src/shared/model/settings.js'

/**
 * A real cipher standing in for the operating system's keychain, which safeStorage uses; `backend`
 * is what Linux's getSelectedStorageBackend() would answer, if given.
 */
function keychain(available = true, backend?: string): Cipher {
  const key = randomBytes(32)
  return {
    isEncryptionAvailable: () => available,
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
    encryptString(text) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    decryptString(data) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12))
      decipher.setAuthTag(data.subarray(12, 28))
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8')
    },
  }
}

function memoryStore() {
  const values = new Map<string, unknown>()
  return { values, get: (key: string) => structuredClone(values.get(key)), set: (key: string, value: unknown) => values.set(key, structuredClone(value)) }
}

const settings: Settings = {
  profile: { name: 'Ana', city: 'Lagos', color: '#1f77b4' },
  networks: [{ id: 'brt', relayUrl: 'wss://relay.example.org', token: 'eyJ.secret.token', role: 'member', name: 'Ana', joinedAt: '2026-11-25T10:00:00.000Z' }],
}

describe('the desktop app’s settings', () => {
  it('keeps invite tokens encrypted where the operating system can, and reads them back', async () => {
    const store = memoryStore()
    const settingsStore = new EncryptedSettingsStore(store, keychain())
    await settingsStore.write(settings)
    expect(JSON.stringify(store.values.get('settings'))).not.toContain('eyJ.secret.token')
    expect(await settingsStore.read()).toEqual(settings)
  })

  it('keeps the language chosen, and reads one a later version saved, which this one does not offer, as not chosen', async () => {
    const store = memoryStore()
    const problems: string[] = []
    const cipher = keychain()
    const settingsStore = new EncryptedSettingsStore(store, cipher, (problem) => problems.push(problem))
    await settingsStore.write({ ...settings, language: 'zh-CN' })
    expect(await new EncryptedSettingsStore(store, cipher).read()).toEqual({ ...settings, language: 'zh-CN' })
    store.set('settings', { ...(store.get('settings') as object), language: 'de' })
    // Not damaged settings: the profile and the networks are kept, and nothing is set aside.
    expect(await settingsStore.read()).toEqual(settings)
    expect(store.values.has('damagedSettings')).toBe(false)
    expect(problems).toEqual([])
  })

  it.each([
    ['no keychain at all', keychain(false), 'no-keychain'],
    ["only Linux's basic_text store", keychain(true, 'basic_text'), 'basic-text'],
  ] as const)('with %s, keeps them in memory only, until the user agrees to save them unencrypted, and remembers that', async (_case, cipher, why) => {
    const store = memoryStore()
    const problems: string[] = []
    const settingsStore = new EncryptedSettingsStore(store, cipher, (problem) => problems.push(problem))
    expect(await settingsStore.read()).toEqual({ networks: [] })
    expect(settingsStore.tokenStorage()).toEqual({ kept: 'memory', why })
    await settingsStore.write(settings)
    expect(JSON.stringify([...store.values])).not.toContain('eyJ.secret.token')
    expect(await settingsStore.read()).toEqual(settings)

    // The next run has lost the token, and says so.
    expect(await new EncryptedSettingsStore(store, cipher, (problem) => problems.push(problem)).read()).toEqual({ profile: settings.profile, networks: [] })
    expect(problems).toEqual(['The invite to brt was kept only until Casebook quit, as this computer cannot encrypt it; join the network again.'])

    await settingsStore.allowPlainTokens(true)
    expect(settingsStore.tokenStorage()).toEqual({ kept: 'plain', why })
    expect(JSON.stringify([...store.values])).toContain('"plain":"eyJ.secret.token"')
    const nextRun = new EncryptedSettingsStore(store, cipher)
    expect(nextRun.tokenStorage()).toEqual({ kept: 'plain', why })
    expect(await nextRun.read()).toEqual(settings)

    await nextRun.allowPlainTokens(false)
    expect(JSON.stringify([...store.values])).not.toContain('eyJ.secret.token')
    expect(await nextRun.read()).toEqual(settings)
  })

  it.each([
    ['unencrypted', (_cipher: Cipher) => ({ plain: 'eyJ.secret.token' })],
    ["encrypted with basic_text's published key", (cipher: Cipher) => ({ encrypted: cipher.encryptString('eyJ.secret.token').toString('base64') })],
  ] as const)('withdraws a token an earlier version saved %s without consent from the file as soon as it is read', async (_case, stored) => {
    const cipher = keychain(true, 'basic_text')
    const store = memoryStore()
    const { token: _token, ...network } = settings.networks[0]!
    store.set('settings', { profile: settings.profile, networks: [{ ...network, token: stored(cipher) }] })
    const settingsStore = new EncryptedSettingsStore(store, cipher)
    expect(await settingsStore.read()).toEqual(settings)
    expect(settingsStore.tokenStorage()).toEqual({ kept: 'memory', why: 'basic-text' })
    expect(store.values.get('settings')).toEqual({ profile: settings.profile, networks: [{ ...network, token: { inMemory: true } }] })
    expect(await settingsStore.read()).toEqual(settings)

    // Agreeing afterwards saves it again, unencrypted, as agreed.
    await settingsStore.allowPlainTokens(true)
    expect(JSON.stringify(store.values.get('settings'))).toContain('"plain":"eyJ.secret.token"')
    expect(await new EncryptedSettingsStore(store, cipher).read()).toEqual(settings)
  })

  it('encrypts with a real keyring on Linux, and reports where tokens are', async () => {
    const store = memoryStore()
    const settingsStore = new EncryptedSettingsStore(store, keychain(true, 'gnome_libsecret'))
    expect(settingsStore.tokenStorage()).toEqual({ kept: 'encrypted' })
    await settingsStore.write(settings)
    expect(JSON.stringify([...store.values])).not.toContain('eyJ.secret.token')
    expect(await settingsStore.read()).toEqual(settings)
  })

  it('sets damaged settings aside and leaves out a token encrypted by another key, saying so, without failing', async () => {
    const store = memoryStore()
    await new EncryptedSettingsStore(store, keychain()).write(settings)
    const problems: string[] = []
    expect(await new EncryptedSettingsStore(store, keychain(), (problem) => problems.push(problem)).read()).toEqual({ profile: settings.profile, networks: [] })
    store.set('settings', { networks: 'nonsense' })
    expect(await new EncryptedSettingsStore(store, keychain(), (problem) => problems.push(problem)).read()).toEqual({ networks: [] })
    expect(store.values.get('damagedSettings')).toEqual({ networks: 'nonsense' })
    expect(problems).toEqual([
      'The invite to brt saved on this computer cannot be decrypted; join the network again.',
      'The app’s saved settings were damaged and have been set aside; join your networks again.',
    ])
  })
})
