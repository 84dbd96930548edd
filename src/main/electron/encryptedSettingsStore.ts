import * as z from 'zod'
import type { TokenStorage } from '../../shared/ipc/contract.js'
import { EMPTY_SETTINGS, joinedNetworkSchema, profileSchema, settingsSchema, storedLanguage, type Settings } from '../../shared/model/settings.js'
import type { SettingsStore } from '../settings/settingsStore.js'

/** What electron-store offers, as far as settings need it. */
export interface KeyValueStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
}

/** Electron's safeStorage: the operating system's keychain, where it has one. */
export interface Cipher {
  isEncryptionAvailable(): boolean
  /** Linux only: which store Chromium chose; `basic_text` encrypts with a key written in its own source. */
  getSelectedStorageBackend?(): string
  encryptString(text: string): Buffer
  decryptString(encrypted: Buffer): string
}

/**
 * A network as stored: its invite token encrypted, or as it is (where the user agreed, or as an
 * earlier version saved it), or only a mark that it was kept in memory.
 */
const storedNetwork = joinedNetworkSchema.omit({ token: true }).extend({
  token: z.union([z.object({ encrypted: z.string() }), z.object({ plain: z.string() }), z.object({ inMemory: z.literal(true) })]),
})
const storedSettings = z.object({ profile: profileSchema.optional(), language: storedLanguage, networks: z.array(storedNetwork) })
const ALLOW_PLAIN = 'allowPlainTokens'

/**
 * The desktop app's settings, in electron-store (a JSON file in the app's user-data folder, readable
 * by its owner only). Invite tokens are what let anyone into a network, so each is encrypted with
 * safeStorage where the operating system offers a keychain (Keychain, DPAPI, libsecret, KWallet).
 * Where it does not, or offers only `basic_text` on Linux, tokens are kept in memory until the app
 * quits, unless the user agreed (in the networks screen) to their being saved unencrypted. electron-store
 * writes its file whole (a temporary file renamed over it), so a token withdrawn is never half there.
 */
export class EncryptedSettingsStore implements SettingsStore {
  /** The tokens of this run that could not be saved, by network id. */
  private readonly inMemory = new Map<string, string>()

  constructor(
    private readonly store: KeyValueStore,
    private readonly cipher: Cipher,
    /** Told, in a plain sentence, of settings that could not be used and what the user should do. */
    private readonly onProblem: (message: string) => void = () => {},
  ) {}

  /**
   * Never fails: damaged settings are set aside (kept under `damagedSettings`) and read as empty, and a
   * network whose token cannot be decrypted (the keychain changed), or was kept in memory by an earlier
   * run, is left out; both are reported.
   */
  async read(): Promise<Settings> {
    const raw = this.store.get('settings') ?? EMPTY_SETTINGS
    const parsed = storedSettings.safeParse(raw)
    if (!parsed.success) {
      this.store.set('damagedSettings', raw)
      this.store.set('settings', EMPTY_SETTINGS)
      this.onProblem('The app’s saved settings were damaged and have been set aside; join your networks again.')
      return structuredClone(EMPTY_SETTINGS)
    }
    const networks = parsed.data.networks.flatMap(({ token, ...network }) => {
      const plain = 'plain' in token ? token.plain : 'encrypted' in token ? this.decrypt(token.encrypted) : (this.inMemory.get(network.id) ?? null)
      if (plain === null && 'encrypted' in token)
        this.onProblem(`The invite to ${network.id} saved on this computer cannot be decrypted; join the network again.`)
      if (plain === null && 'inMemory' in token)
        this.onProblem(`The invite to ${network.id} was kept only until Casebook quit, as this computer cannot encrypt it; join the network again.`)
      return plain === null ? [] : [{ ...network, token: plain }]
    })
    if (this.tokenStorage().kept === 'memory') this.withdrawSavedTokens(parsed.data, networks)
    return settingsSchema.parse({ ...parsed.data, networks })
  }

  /**
   * Tokens an earlier version saved unencrypted, or encrypted with `basic_text`'s published key, while
   * the user has not agreed to that: they are moved to memory and the file is rewritten without them
   * at once, so that the networks screen's "kept only until Casebook quits" is true from the start.
   */
  private withdrawSavedTokens(stored: z.infer<typeof storedSettings>, readable: Settings['networks']): void {
    const saved = new Set(stored.networks.filter(({ token }) => !('inMemory' in token)).map(({ id }) => id))
    const withdrawn = readable.filter(({ id }) => saved.has(id))
    if (withdrawn.length === 0) return
    for (const { id, token } of withdrawn) this.inMemory.set(id, token)
    const networks = stored.networks.map((network) => (this.inMemory.has(network.id) ? { ...network, token: { inMemory: true as const } } : network))
    this.store.set('settings', { ...stored, networks })
  }

  async write(settings: Settings): Promise<void> {
    const checked = settingsSchema.parse(settings)
    const kept = this.tokenStorage().kept
    this.inMemory.clear()
    const networks = checked.networks.map(({ token, ...network }) => {
      if (kept === 'memory') this.inMemory.set(network.id, token)
      const stored =
        kept === 'encrypted'
          ? { encrypted: this.cipher.encryptString(token).toString('base64') }
          : kept === 'plain'
            ? { plain: token }
            : { inMemory: true as const }
      return { ...network, token: stored }
    })
    this.store.set('settings', { ...checked, networks })
  }

  tokenStorage(): TokenStorage {
    const why = !this.cipher.isEncryptionAvailable() ? 'no-keychain' : this.cipher.getSelectedStorageBackend?.() === 'basic_text' ? 'basic-text' : null
    if (why === null) return { kept: 'encrypted' }
    return { kept: this.store.get(ALLOW_PLAIN) === true ? 'plain' : 'memory', why }
  }

  /** Remembers the answer, and saves or withdraws the tokens of the networks joined so far accordingly. */
  async allowPlainTokens(allow: boolean): Promise<void> {
    const settings = await this.read()
    this.store.set(ALLOW_PLAIN, allow)
    await this.write(settings)
  }

  private decrypt(encrypted: string): string | null {
    try {
      return this.cipher.decryptString(Buffer.from(encrypted, 'base64'))
    } catch {
      return null
    }
  }
}
