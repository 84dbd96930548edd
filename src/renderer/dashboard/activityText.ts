import type { TFunction } from 'i18next'
import type { Activity, ActivityKind } from '../../shared/model/networkStats.js'
import type { Key } from '../i18n/keys.js'
import { STATUS_LABELS } from '../i18n/modelLabels.js'

/** Each kind of change said with who did it, and without, where nothing records who. */
const SENTENCES: Record<ActivityKind, { by: Key; nobody: Key }> = {
  created: { by: 'dashboard.activity.created', nobody: 'dashboard.activity.createdBySomeone' },
  edited: { by: 'dashboard.activity.edited', nobody: 'dashboard.activity.edited' },
  submitted: { by: 'dashboard.activity.submitted', nobody: 'dashboard.activity.submittedBySomeone' },
  decided: { by: 'dashboard.activity.decided', nobody: 'dashboard.activity.decidedBySomeone' },
  adapted: { by: 'dashboard.activity.adapted', nobody: 'dashboard.activity.adaptedNoCity' },
}

/** What happened to a document, and who did it (for an adaptation, the adapting city), in the window's language. */
export function activityText(t: TFunction, { kind, by, status }: Activity): string {
  const sentence = SENTENCES[kind]
  return t(by ? sentence.by : sentence.nobody, { by, city: by, status: status ? t(STATUS_LABELS[status]) : '' })
}
