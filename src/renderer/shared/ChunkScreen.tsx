import type { ReactNode } from 'react'

/** A screen whose code is a chunk of its own (useChunk): said to be loading, or to have failed to load, until it is there. */
export function ChunkScreen<Module>({
  chunk,
  loading,
  failed,
  children,
}: {
  chunk: Module | 'failed' | null
  loading: string
  failed: string
  children: (module: Module) => ReactNode
}) {
  if (chunk === null) return <p role="status">{loading}</p>
  if (chunk === 'failed')
    return (
      <p role="alert" className="problem">
        {failed}
      </p>
    )
  return children(chunk)
}
