import { useEffect, useState } from 'react'

/** The workshop's document: the editor, Yjs, IndexedDB and the relay's providers, a chunk of its own. */
export type GuestEditorModule = typeof import('./GuestWorkshop.js')

let loading: Promise<GuestEditorModule> | null = null

/**
 * The document's chunk: null while it loads, 'failed' if it could not be. It is imported once the
 * page has first drawn, and guest.html preloads it (scripts/build.mjs): the join form shows without
 * waiting for the editor, which is fetched and compiled while a name is typed.
 */
export function useGuestEditorModule(): GuestEditorModule | 'failed' | null {
  const [module, setModule] = useState<GuestEditorModule | 'failed' | null>(null)
  useEffect(() => {
    let current = true
    loading ??= import('./GuestWorkshop.js')
    loading.then(
      (loaded) => current && setModule(loaded),
      () => current && setModule('failed'),
    )
    return () => {
      current = false
    }
  }, [])
  return module
}
