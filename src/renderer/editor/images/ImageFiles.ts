import { Extension } from '@tiptap/core'
import { Plugin } from '@tiptap/pm/state'

/**
 * Files pasted into the body, or dropped on it, go to `onFiles` to be added as images (ImageInsert),
 * rather than to the browser, which would open a dropped file in Casebook's place. A drop first puts
 * the caret where the files fell, which is where they are added.
 */
export const ImageFiles = Extension.create<{ onFiles: (files: File[]) => void }>({
  name: 'imageFiles',
  addOptions() {
    return { onFiles: () => {} }
  },
  addProseMirrorPlugins() {
    const { onFiles } = this.options
    const editor = this.editor
    return [
      new Plugin({
        props: {
          handlePaste(_view, event) {
            const files = [...(event.clipboardData?.files ?? [])]
            if (files.length === 0) return false
            onFiles(files)
            return true
          },
          handleDrop(view, event) {
            const files = [...(event.dataTransfer?.files ?? [])]
            if (files.length === 0) return false
            event.preventDefault()
            const at = view.posAtCoords({ left: event.clientX, top: event.clientY })
            if (at) editor.commands.setTextSelection(at.pos)
            onFiles(files)
            return true
          },
        },
      }),
    ]
  },
})
