import { useEffect, useRef, useState } from 'react'

/**
 * Files dropped anywhere on the window, while the caller is shown: `onDragStart` as soon as files are
 * dragged over it, `onDrop` with them. Says whether files are being dragged over the window now. A
 * drag of anything else (text, a link) is left to the page.
 */
export function useFileDrop(onDragStart: () => void, onDrop: (files: File[]) => void): boolean {
  const [dragging, setDragging] = useState(false)
  const over = useRef(false)
  useEffect(() => {
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      // dragenter comes again for each element the pointer enters.
      if (!over.current) onDragStart()
      over.current = true
      setDragging(true)
    }
    // Without this, the browser would open the file in place of Casebook.
    const move = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
    }
    const leave = (event: DragEvent) => {
      if (event.relatedTarget !== null) return
      over.current = false
      setDragging(false)
    }
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      over.current = false
      setDragging(false)
      onDrop([...(event.dataTransfer?.files ?? [])])
    }
    window.addEventListener('dragenter', enter)
    window.addEventListener('dragover', move)
    window.addEventListener('dragleave', leave)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragenter', enter)
      window.removeEventListener('dragover', move)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('drop', drop)
    }
  }, [onDragStart, onDrop])
  return dragging
}
