import { homedir } from 'node:os'
import { posix, resolve, win32 } from 'node:path'

/** Electron names the per-user folder after the app; the CLI and the browser shell use the same one. */
const APP_NAME = 'Casebook'

/** `--data DIR`, else CASEBOOK_DATA, else the per-user folder the desktop app uses. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag)
  if (env['CASEBOOK_DATA']) return resolve(env['CASEBOOK_DATA'])
  return defaultDataDir(process.platform, env, homedir())
}

/** The same folder as Electron's app.getPath('userData') for an app named Casebook. */
export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') return win32.join(env['APPDATA'] ?? win32.join(home, 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_NAME)
  return posix.join(env['XDG_CONFIG_HOME'] || posix.join(home, '.config'), APP_NAME)
}
