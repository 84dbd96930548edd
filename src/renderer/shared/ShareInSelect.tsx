import { useTranslation } from 'react-i18next'
import type { NetworkStatus } from '../../shared/ipc/contract.js'
import { takesDocuments } from './takesDocuments.js'
import { useNetworkLabel } from './useNetworkLabel.js'

/** Where a new document goes: this device only ('') or a network that takes the user's documents (takesDocuments). */
export function ShareInSelect({ networks, value, onChange }: { networks: NetworkStatus[]; value: string; onChange: (network: string) => void }) {
  const { t } = useTranslation()
  const networkLabel = useNetworkLabel()
  return (
    <label className="field">
      <span>{t('newDocument.shareIn')}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('newDocument.onlyThisDevice')}</option>
        {networks.filter(takesDocuments).map((status) => (
          <option key={status.id} value={status.id}>
            {networkLabel(status.id)}
          </option>
        ))}
      </select>
    </label>
  )
}
