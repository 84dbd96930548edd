import { useCallback, useEffect, useState } from 'react'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import { logRenderError } from './logRenderError.js'

/** The editor's chunk, loaded apart (see App). */
export type EditorModule = typeof import('../editor/EditorScreen.js')

/**
 * The editor's chunk: null while it loads, 'failed' if it could not be loaded (logged), and a way
 * to import it again.
 */
export function useEditorModule(api: CasebookApi): [EditorModule | 'failed' | null, () => void] {
  const [editor, setEditor] = useState<EditorModule | 'failed' | null>(null)
  const [tries, setTries] = useState(0)
  const retry = useCallback(() => {
    setEditor(null)
    setTries((count) => count + 1)
  }, [])
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new try (the chunk failed to load) is what imports it again.
  useEffect(() => {
    let current = true
    import('../editor/EditorScreen.js').then(
      (module) => current && setEditor(module),
      (error: Error) => {
        logRenderError(api)(error, 'loading the editor')
        if (current) setEditor('failed')
      },
    )
    return () => {
      current = false
    }
  }, [api, tries])
  return [editor, retry]
}
