import { useModalDialog } from '../shared/useModalDialog.js'
import { useTranslation } from 'react-i18next'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import { JoinWorkshopForm } from './JoinWorkshopForm.js'

interface Props {
  api: CasebookApi
  onJoined: () => void
  onOpen: (id: string) => void
  onClose: () => void
}

/** *Join a workshop* from the library's toolbar, in a modal dialog; Escape closes it. */
export function JoinWorkshopDialog({ api, onJoined, onOpen, onClose }: Props) {
  const { t } = useTranslation()
  const dialog = useModalDialog()
  return (
    <dialog ref={dialog} className="dialog" aria-label={t('workshop.join.title')} onCancel={onClose}>
      <JoinWorkshopForm
        api={api}
        onJoined={onJoined}
        onOpen={(id) => {
          onClose()
          onOpen(id)
        }}
        onCancel={onClose}
      />
    </dialog>
  )
}
