import type { NetworkStatus } from '../../shared/ipc/contract.js'

/** Online when any joined network's relay is reachable; with no network, work stays on this device. */
export function ConnectionIndicator({ networks }: { networks: NetworkStatus[] }) {
  const online = networks.some((network) => network.online)
  const state = networks.length === 0 ? 'local' : online ? 'online' : 'offline'
  const label = { local: 'No network joined', online: 'Online', offline: 'Offline' }[state]
  return (
    <p className={`connection connection-${state}`} role="status" aria-label="Connection">
      <span className="dot" aria-hidden="true" />
      {label}
    </p>
  )
}
