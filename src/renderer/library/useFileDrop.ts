import { useEffect, useRef, useState } from 'react'

/**
 * Files dropped anywhere on the window, while the caller is shown: `onDragStart` as soon as files are
 * dragged over it, `onDrop` with them. Says whether files are being dragged over the window now. A
 * drag of anything else (text, a link) is left to the page.
 */
export function useFileDrop(onDragStart: () => void, onDrop: (files: File[]) => void): boolean {
  const [dragging, setDragging] = useState(false)
  // How many elements the drag is over: dragenter and dragleave come for each element entered and
  // left, and the browser does not always say where a dragleave goes (relatedTarget), so the drag has
  // left the window only when they balance.
  const depth = useRef(0)
  useEffect(() => {
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      if (depth.current++ > 0) return
      onDragStart()
      setDragging(true)
    }
    // Without this, the browser would open the file in place of Casebook.
    const move = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
    }
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event) || depth.current === 0) return
      if (--depth.current === 0) setDragging(false)
    }
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      depth.current = 0
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
