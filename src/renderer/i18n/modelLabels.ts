import type { NetworkStatus } from '../../shared/ipc/contract.js'
import type { DocumentKind } from '../../shared/model/kinds.js'
import type { DocumentStatus } from '../../shared/model/meta.js'
import type { Key } from './keys.js'

/** How the window names the values of a document's meta and a network's roles. */
export const KIND_LABELS: Record<DocumentKind, Key> = {
  'case-study': 'kind.caseStudy',
  'lessons-learned': 'kind.lessonsLearned',
  'workshop-notes': 'kind.workshopNotes',
}

export const STATUS_LABELS: Record<DocumentStatus, Key> = {
  draft: 'status.draft',
  submitted: 'status.submitted',
  'in-review': 'status.inReview',
  published: 'status.published',
  archived: 'status.archived',
}

export const ROLE_LABELS: Record<NetworkStatus['role'], Key> = {
  viewer: 'networks.role.viewer',
  member: 'networks.role.member',
  facilitator: 'networks.role.facilitator',
}
