import * as z from 'zod'
import { EMPTY_SETTINGS, joinedNetworkSchema, profileSchema, settingsSchema, type Settings } from '../../shared/model/settings.js'
import type { SettingsStore } from '../settings/settingsStore.js'

/** What electron-store offers, as far as settings need it. */
export interface KeyValueStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
}

/** Electron's safeStorage: the operating system's keychain, where it has one. */
export interface Cipher {
  isEncryptionAvailable(): boolean
  encryptString(text: string): Buffer
  decryptString(encrypted: Buffer): string
}

/** A network as stored: its invite token encrypted where the OS can, else as it is. */
const storedNetwork = joinedNetworkSchema.omit({ token: true }).extend({
  token: z.union([z.object({ encrypted: z.string() }), z.object({ plain: z.string() })]),
})
const storedSettings = z.object({ profile: profileSchema.optional(), networks: z.array(storedNetwork) })

/**
 * The desktop app's settings, in electron-store (a JSON file in the app's user-data folder). Invite
 * tokens are what let anyone into a network, so each is encrypted with safeStorage where the
 * operating system offers it (Keychain, DPAPI, libsecret); where it does not, it is kept as it is,
 * as the browser shell keeps it.
 */
export class EncryptedSettingsStore implements SettingsStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly cipher: Cipher,
    /** Told, in a plain sentence, of settings that could not be used and what the user should do. */
    private readonly onProblem: (message: string) => void = () => {},
  ) {}

  /**
   * Never fails: damaged settings are set aside (kept under `damagedSettings`) and read as empty, and a
   * network whose token cannot be decrypted (the keychain changed) is left out; both are reported.
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
      const plain = 'plain' in token ? token.plain : this.decrypt(token.encrypted)
      if (plain === null) this.onProblem(`The invite to ${network.id} saved on this computer cannot be decrypted; join the network again.`)
      return plain === null ? [] : [{ ...network, token: plain }]
    })
    return settingsSchema.parse({ ...parsed.data, networks })
  }

  async write(settings: Settings): Promise<void> {
    const checked = settingsSchema.parse(settings)
    const encrypt = this.cipher.isEncryptionAvailable()
    const networks = checked.networks.map(({ token, ...network }) => ({
      ...network,
      token: encrypt ? { encrypted: this.cipher.encryptString(token).toString('base64') } : { plain: token },
    }))
    this.store.set('settings', { ...checked, networks })
  }

  private decrypt(encrypted: string): string | null {
    try {
      return this.cipher.decryptString(Buffer.from(encrypted, 'base64'))
    } catch {
      return null
    }
  }
}
