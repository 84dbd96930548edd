import type { DocumentStatus } from '../../shared/model/meta.js'
import type { Review } from '../../shared/model/workflow.js'

/** Where a network's document stands (workflow.ts), which its own meta does not say: its status, and the version published. */
export interface Reviewed {
  status: DocumentStatus
  published?: string | undefined
}

/** What an export or a report needs of a review: undefined for a private document. */
export function reviewedAs(review: Review | undefined): Reviewed | undefined {
  return review && { status: review.status, published: review.status === 'published' ? review.publishedVersion : undefined }
}
