import type { CasebookApi } from '../../shared/ipc/contract.js'
import type { CommentsSource } from './CommentsSource.js'

/** A document's comments in the app: the back end folds and adds them, and tells when a sync brought some. */
export function apiComments(api: CasebookApi, id: string): CommentsSource {
  return {
    list: () => api.request('comments.list', { id }),
    add: (input) => api.request('comments.add', { id, ...input }),
    onChange: (listener) =>
      api.onEvent((event) => {
        if (event.type === 'comments-changed' && event.id === id) listener()
      }),
  }
}
