import type { CasebookApi, CasebookBridge, DocumentRow } from '../shared/ipc/contract.js'
import { KINDS } from '../shared/model/kinds.js'
import { apiFromBridge } from './bridgeApi.js'
import { connectToShell } from './shellApi.js'

/**
 * Until the real UI arrives, the page lists the library and keeps the list current. It uses the
 * contract only: `window.casebook` from the desktop app's preload, or the browser shell's WebSocket.
 */
declare global {
  interface Window {
    /** Set by the desktop app's preload; absent in the browser shell. */
    casebook?: CasebookBridge
  }
}

const SYNC_LABELS: Record<DocumentRow['sync'], string> = {
  'local-only': 'Only on this device',
  connecting: 'Syncing',
  synced: 'Syncing',
  saved: 'Saved on the network',
}

const status = document.getElementById('status')!
const body = document.getElementById('documents')!

async function show(api: CasebookApi): Promise<void> {
  const rows = await api.request('library.list', {})
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr')
      for (const text of [row.meta.title, KINDS[row.meta.kind].label, row.meta.city ?? '', row.meta.network ?? '', SYNC_LABELS[row.sync]]) {
        const td = document.createElement('td')
        td.textContent = text
        tr.append(td)
      }
      return tr
    }),
  )
  status.textContent = rows.length === 1 ? '1 document' : `${rows.length} documents`
}

try {
  const api = window.casebook ? apiFromBridge(window.casebook) : await connectToShell(location)
  // A network's worth of sync-state events arrives at once: they share one refresh.
  let showing = Promise.resolve()
  let queued = false
  const refresh = () => {
    if (queued) return
    queued = true
    showing = showing
      .then(() => {
        queued = false
        return show(api)
      })
      .catch((error: Error) => void (status.textContent = error.message))
  }
  api.onEvent((event) => {
    if (event.type === 'library-changed' || event.type === 'sync-state') refresh()
  })
  refresh()
} catch (error) {
  status.textContent = (error as Error).message
}
