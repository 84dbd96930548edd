import { useEffect, useState } from 'react'

/** The facilitator's workshop view and its QR code encoder: a chunk of their own, which few windows ever need. */
export type WorkshopModule = typeof import('./WorkshopScreen.js')

/** The workshop view's chunk, imported the first time it is `wanted`: null while it loads, 'failed' if it could not be. */
export function useWorkshopModule(wanted: boolean): WorkshopModule | 'failed' | null {
  const [module, setModule] = useState<WorkshopModule | 'failed' | null>(null)
  useEffect(() => {
    if (!wanted || module !== null) return
    let current = true
    import('./WorkshopScreen.js').then(
      (loaded) => current && setModule(loaded),
      () => current && setModule('failed'),
    )
    return () => {
      current = false
    }
  }, [wanted, module])
  return module
}
