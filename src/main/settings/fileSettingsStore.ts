import { readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { CasebookError } from '../../shared/errors.js'
import type { TokenStorage } from '../../shared/ipc/contract.js'
import { EMPTY_SETTINGS, settingsSchema, type Settings } from '../../shared/model/settings.js'
import { storageError } from '../fsErrors.js'
import { writeFileAtomic } from '../atomicFile.js'
import type { SettingsStore } from './settingsStore.js'

/**
 * Settings in `<data dir>/settings.json`, written atomically, readable by its owner only. The invite
 * tokens in it are as safe as the data directory itself; the desktop app encrypts them instead (see
 * electron/).
 */
export class FileSettingsStore implements SettingsStore {
  readonly path: string

  constructor(
    dataDir: string,
    /** Told when an unreadable settings file was moved aside, so that nothing in it is lost. */
    private readonly onDamaged: (savedTo: string) => void = () => {},
  ) {
    this.path = join(dataDir, 'settings.json')
  }

  async read(): Promise<Settings> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY_SETTINGS)
      throw storageError(error, `read the settings in ${this.path}`)
    }
    try {
      return settingsSchema.parse(JSON.parse(text))
    } catch {
      const savedTo = `${this.path}.${Date.now()}.damaged`
      await rename(this.path, savedTo).catch((error: unknown) => {
        throw new CasebookError('STORAGE_FAILED', `The settings file ${this.path} is damaged and could not be moved aside.`, {
          cause: error,
          reason: 'failed',
        })
      })
      this.onDamaged(savedTo)
      return structuredClone(EMPTY_SETTINGS)
    }
  }

  tokenStorage(): TokenStorage {
    return { kept: 'file' }
  }

  /** Nothing to agree to: tokens are in settings.json, and the networks screen says so. */
  async allowPlainTokens(): Promise<void> {}

  async write(settings: Settings): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify(settingsSchema.parse(settings), null, 2)}\n`).catch((error: unknown) => {
      throw storageError(error, `save the settings in ${this.path}`)
    })
  }
}
