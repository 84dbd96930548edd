import type { JSONContent } from '@tiptap/core'
import { EditorContent, useEditor } from '@tiptap/react'
import type { BodyChange } from '../../shared/model/bodyChanges.js'
import { schemaExtensions } from '../../shared/model/schema.js'
import { ChangeHighlights } from './ChangeHighlights.js'

/** A body to read, not to edit (a version), with its changes since another shown when given. */
export function ReadOnlyBody({ content, changes, label }: { content: JSONContent; changes?: BodyChange[]; label: string }) {
  const editor = useEditor(
    {
      extensions: [...schemaExtensions, ...(changes ? [ChangeHighlights.configure({ changes })] : [])],
      content,
      editable: false,
      injectCSS: false,
      editorProps: { attributes: { role: 'document', 'aria-label': label, class: 'document-body' } },
    },
    [content, changes],
  )
  return <EditorContent editor={editor} className="editor-content" />
}
