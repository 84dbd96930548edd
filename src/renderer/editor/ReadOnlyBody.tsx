import type { JSONContent } from '@tiptap/core'
import { EditorContent, useEditor } from '@tiptap/react'
import type { BodyChange } from '../../shared/model/bodyChanges.js'
import { ChangeHighlights } from './ChangeHighlights.js'
import { bodyExtensions } from './images/bodyExtensions.js'
import type { ImageStore } from './images/imageStore.js'

interface Props {
  content: JSONContent
  changes?: BodyChange[]
  label: string
  /** Where its images are read. */
  images: ImageStore
}

/** A body to read, not to edit (a version), with its changes since another shown when given. */
export function ReadOnlyBody({ content, changes, label, images }: Props) {
  const editor = useEditor(
    {
      extensions: [...bodyExtensions(images), ...(changes ? [ChangeHighlights.configure({ changes })] : [])],
      content,
      editable: false,
      injectCSS: false,
      editorProps: { attributes: { role: 'document', 'aria-label': label, class: 'document-body' } },
    },
    [content, changes, images],
  )
  return <EditorContent editor={editor} className="editor-content" />
}
