import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import YAML from 'yaml'
import { CasebookError } from '../shared/errors.js'

/**
 * What electron-builder writes into a package's resources from the `publish` setting of
 * electron-builder.yml: the generic update server's address, which `npm run package` leaves empty
 * unless it is given one (README.md, Shipping updates).
 */
export const UPDATE_CONFIG_FILE = 'app-update.yml'

/** Addresses an update may come from over plain http: this machine, as a local update server in the tests. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * The address of the server the packaged app asks for updates, from `<resources>/app-update.yml`, or
 * null when it was packaged without one (or without the file): then the app never asks. Read from the
 * package only, never from the environment: an update is a program the app will install, and whoever
 * can start the app must not be able to point it elsewhere (electron-builder.yml's fuses keep them
 * from running other code in it too). For the same reason the address is https, but on loopback.
 */
export async function readUpdateFeed(resourcesDir: string): Promise<string | null> {
  const file = join(resourcesDir, UPDATE_CONFIG_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  let config: unknown
  try {
    config = YAML.parse(text)
  } catch (error) {
    throw new CasebookError('INVALID_FILE', `${UPDATE_CONFIG_FILE} is not YAML.`, { reason: 'updateSettings', cause: error })
  }
  const { provider, url } = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>
  if (provider !== 'generic')
    throw new CasebookError('INVALID_FILE', `${UPDATE_CONFIG_FILE} does not name a generic update server, the only kind Casebook uses.`, {
      reason: 'updateSettings',
    })
  if (url === undefined || url === null || url === '') return null
  if (typeof url !== 'string' || !URL.canParse(url))
    throw new CasebookError('INVALID_FILE', `The update address in ${UPDATE_CONFIG_FILE} is not an address.`, { reason: 'updateSettings' })
  const { protocol, hostname } = new URL(url)
  if (protocol !== 'https:' && !(protocol === 'http:' && LOOPBACK_HOSTS.has(hostname)))
    throw new CasebookError('INVALID_FILE', `The update address in ${UPDATE_CONFIG_FILE} must be https (plain http only on this machine), not ${protocol}.`, {
      reason: 'updateSettings',
    })
  return url
}
