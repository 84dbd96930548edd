import { afterEach } from 'vitest'
import { Services } from '../../src/main/services/services.js'
import { inProcessApi } from './api.js'
import { TempDirs } from './tempDirs.js'

export interface ServicesDevice {
  services: Services
  api: ReturnType<typeof inProcessApi>
  dataDir: string
  /** Closes its window's connection and stops its back end, as quitting the app would; once, however often called. */
  stop(): Promise<void>
}

/**
 * The app's back end, each on a data directory of its own (or one given, to start a device again),
 * with a window's API connected in this process. Each is stopped, newest first, and the directories
 * made are removed, after the test.
 */
export function useServicesDevices(prefix: string): { start(dataDir?: string): Promise<ServicesDevice> } {
  const dirs = new TempDirs(prefix)
  const stops: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop()
    dirs.removeAll()
  })
  return {
    async start(dataDir = dirs.make()) {
      const services = await Services.start(dataDir)
      const api = inProcessApi(services)
      let stopped = false
      const stop = async () => {
        if (stopped) return
        stopped = true
        await api.close()
        await services.stop()
      }
      stops.push(stop)
      return { services, api, dataDir, stop }
    },
  }
}
