import { useTranslation } from 'react-i18next'
import type { JoinedWorkshop } from '../../shared/model/settings.js'
import { useFormats } from '../i18n/useFormats.js'

/** A network joined with a workshop's code, as the lists name it: a workshop, and when it ends. */
export function WorkshopUntil({ workshop }: { workshop: JoinedWorkshop }) {
  const { t } = useTranslation()
  const format = useFormats()
  return <span className="workshop-until">{t('workshop.network.until', { time: format.time(new Date(workshop.endsAt).toISOString()) })}</span>
}
