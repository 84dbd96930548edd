import { useEffect, useRef, type RefObject } from 'react'

/**
 * A `<dialog>` shown as a modal once mounted, with `first` focused. React's autoFocus cannot do it:
 * it focuses while the dialog is still closed, and showModal then focuses the dialog's first control.
 */
export function useModalDialog(first?: RefObject<HTMLElement | null>): RefObject<HTMLDialogElement | null> {
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    dialog.current?.showModal()
    first?.current?.focus()
  }, [first])
  return dialog
}
