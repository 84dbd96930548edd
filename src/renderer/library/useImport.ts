import { useCallback, useRef, useState } from 'react'
import type { ImportWarning } from '../../shared/importWarning.js'
import type { CasebookApi, DocumentRow } from '../../shared/ipc/contract.js'
import { checkImportable } from '../../shared/ipc/importableFile.js'

/** One file of an import, as far as it has gone. */
export type ImportEntry = { key: number; name: string } & (
  | { state: 'waiting' | 'importing' }
  | { state: 'imported'; row: DocumentRow; warnings: ImportWarning[] }
  /** Said in the window's language as it is shown (ImportSummary). */
  | { state: 'refused'; error: Error }
)

/**
 * The files the user gave to import, each sent in turn as its bytes (library.import) and followed
 * from waiting to imported or refused; files given while some are importing join the same batch.
 * `prepare` tells the back end that files are coming, so that its importer is ready for them.
 */
export function useImport(api: CasebookApi) {
  const [entries, setEntries] = useState<ImportEntry[]>([])
  const queue = useRef<{ key: number; file: File }[]>([])
  const running = useRef(false)
  const nextKey = useRef(0)

  // A failure here costs only time; the import itself says what went wrong.
  const prepare = useCallback(() => void api.request('library.prepareImport', {}).catch(() => {}), [api])

  const run = useCallback(async () => {
    running.current = true
    const settle = (key: number, entry: Partial<ImportEntry>) =>
      setEntries((list) => list.map((each) => (each.key === key ? ({ ...each, ...entry } as ImportEntry) : each)))
    for (let next = queue.current.shift(); next; next = queue.current.shift()) {
      const { key, file } = next
      settle(key, { state: 'importing' })
      try {
        // Refused here, by size first, before the file is read or sent; the back end checks again.
        checkImportable(file.name, file.size)
        const bytes = new Uint8Array(await file.arrayBuffer())
        const { row, warnings } = await api.request('library.import', { name: file.name, bytes })
        settle(key, { state: 'imported', row, warnings })
      } catch (error) {
        settle(key, { state: 'refused', error: error as Error })
      }
    }
    running.current = false
  }, [api])

  const add = useCallback(
    (files: File[]) => {
      if (!files.length) return
      const added = files.map((file) => ({ key: nextKey.current++, file }))
      const waiting = added.map(({ key, file }): ImportEntry => ({ key, name: file.name, state: 'waiting' }))
      // A new batch replaces the last one's summary. Read now: React may run the updater after run() starts.
      const joining = running.current
      setEntries((list) => [...(joining ? list : []), ...waiting])
      queue.current.push(...added)
      if (!running.current) void run()
    },
    [run],
  )

  // Read now, as in add: not in an updater React may run later.
  const dismiss = useCallback(() => {
    if (!running.current) setEntries([])
  }, [])
  return { entries, prepare, add, dismiss }
}
