import type { TokenStorage } from '../../shared/ipc/contract.js'
import type { Settings } from '../../shared/model/settings.js'

/**
 * Where the user's settings (profile and joined networks, with their invite tokens) are kept: a file
 * in the data directory under Node, electron-store in the desktop app.
 */
export interface SettingsStore {
  read(): Promise<Settings>
  write(settings: Settings): Promise<void>
  /** How invite tokens are kept, for the networks screen to say. */
  tokenStorage(): TokenStorage
  /** Records whether the user agrees to tokens being saved unencrypted, where the store would otherwise keep them in memory only. */
  allowPlainTokens(allow: boolean): Promise<void>
}
