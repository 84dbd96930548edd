import type { Settings } from '../../shared/model/settings.js'

/**
 * Where the user's settings (profile and joined networks, with their invite tokens) are kept: a file
 * in the data directory under Node, electron-store in the desktop app.
 */
export interface SettingsStore {
  read(): Promise<Settings>
  write(settings: Settings): Promise<void>
}
