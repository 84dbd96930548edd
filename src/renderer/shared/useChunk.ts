import { useCallback, useEffect, useRef, useState } from 'react'

/** Longest the import waits for a painted frame: a hidden window paints none. */
const PAINT_WAIT_MS = 200

interface Options {
  /** Whether the chunk is needed yet: it is imported the first time it is (by default, at once). */
  wanted?: boolean
  /** Told why the chunk could not be imported. */
  onError?: (error: Error) => void
}

/**
 * A chunk of the page's code loaded apart, `load` being its `import()`: null while it loads, 'failed'
 * if it could not be, and a way to import it again. It is imported once the page has painted what it
 * shows without it: compiling and running a large chunk (the editor's) takes a few hundred ms, which
 * would otherwise come before that paint. Not React.lazy: React holds back what a Suspense boundary
 * reveals for up to 300 ms, which opening a document would wait for.
 */
export function useChunk<Module>(load: () => Promise<Module>, { wanted = true, onError }: Options = {}): [Module | 'failed' | null, () => void] {
  const [module, setModule] = useState<Module | 'failed' | null>(null)
  const retry = useCallback(() => setModule(null), [])
  // The latest, without importing again when a render passes a new one.
  const tell = useRef(onError)
  tell.current = onError
  useEffect(() => {
    if (!wanted || module !== null) return
    let current = true
    afterPaint()
      .then(load)
      .then(
        (loaded) => current && setModule(() => loaded),
        (error: Error) => {
          tell.current?.(error)
          if (current) setModule('failed')
        },
      )
    return () => {
      current = false
    }
  }, [load, wanted, module])
  return [module, retry]
}

/** Resolves after the next frame is painted: a task queued from an animation frame runs after its paint. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve))
    setTimeout(resolve, PAINT_WAIT_MS)
  })
}
