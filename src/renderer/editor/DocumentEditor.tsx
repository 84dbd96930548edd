import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { EditorContent, useEditor } from '@tiptap/react'
import { memo, useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { BODY_FRAGMENT } from '../../shared/model/document.js'
import type { Language } from '../../shared/model/languages.js'
import { renderCaret, renderSelection } from './caret.js'
import type { CaretUser } from '../shared/caretLabel.js'
import { SectionHints, showHintsIn } from './SectionHints.js'
import { Toolbar } from './Toolbar.js'
import { CommentHighlights } from './CommentHighlights.js'
import { CommentMargin } from './CommentMargin.js'
import type { CommentsSource } from './CommentsSource.js'
import { bodyExtensions } from './images/bodyExtensions.js'
import { ImageFiles } from './images/ImageFiles.js'
import { ImageInsert } from './images/ImageInsert.js'
import type { ImageStore } from './images/imageStore.js'
import type { LiveDocument } from './liveDocument.js'

interface Props {
  /** Where its comments are read and added. */
  comments: CommentsSource
  peer: LiveDocument
  user: CaretUser
  editable: boolean
  /** The document's language, which its section hints speak. */
  language: Language
  /** Where its images are read and added: the library's, or the relay's on a guest's page (guestImages). */
  images: ImageStore
}

/**
 * The document body in TipTap, bound to the page's Y.Doc: typing changes that doc at once and the
 * back end, or the relay for a guest page, catches up in the background. Undo and redo are Collaboration's, which undo only this
 * user's own changes. Comments sit in the margin beside it (CommentMargin), for viewers too. Images
 * pasted, dropped or picked are added by ImageInsert, in turn.
 */
export const DocumentEditor = memo(function DocumentEditor({ comments, peer, user, editable, language, images }: Props) {
  const { t } = useTranslation()
  // Carets are drawn by the extension made with the editor: it reads the name of someone unnamed here.
  const someone = useRef(t('editor.someone'))
  someone.current = t('editor.someone')
  const [imageFiles, setImageFiles] = useState<File[]>([])
  const addImages = useCallback((files: File[]) => setImageFiles((waiting) => [...waiting, ...files]), [])
  const imageTaken = useCallback(() => setImageFiles((waiting) => waiting.slice(1)), [])
  const editor = useEditor(
    {
      extensions: [
        ...bodyExtensions(images),
        ImageFiles.configure({ onFiles: addImages }),
        Collaboration.configure({ document: peer.doc, field: BODY_FRAGMENT }),
        CollaborationCaret.configure({
          provider: { awareness: peer.awareness },
          user,
          render: (shown) => renderCaret(shown, someone.current),
          selectionRender: renderSelection,
        }),
        SectionHints.configure({ language }),
        CommentHighlights,
      ],
      editable,
      // The page's CSP admits no <style> element; app.css carries TipTap's few rules.
      injectCSS: false,
      editorProps: { attributes: bodyAttributes(t('editor.body')) },
    },
    [peer, images],
  )
  // The body's name follows the window's language, without making the editor again.
  useEffect(() => {
    editor?.setOptions({ editorProps: { attributes: bodyAttributes(t('editor.body')) } })
  }, [editor, t])

  useEffect(() => {
    if (editor && !editor.isDestroyed) showHintsIn(editor.view, language)
  }, [editor, language])
  useEffect(() => {
    editor?.setEditable(editable)
  }, [editor, editable])
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.updateUser(user)
  }, [editor, user])

  return (
    <div className="editor">
      {editable && <Toolbar editor={editor} onImages={addImages} />}
      {editor && <ImageInsert editor={editor} images={images} files={imageFiles} onTaken={imageTaken} />}
      <div className="editor-columns">
        <EditorContent editor={editor} className="editor-content" />
        <CommentMargin comments={comments} peer={peer} editor={editor} />
      </div>
    </div>
  )
})

const bodyAttributes = (label: string) => ({ role: 'textbox', 'aria-multiline': 'true', 'aria-label': label, class: 'document-body' })
