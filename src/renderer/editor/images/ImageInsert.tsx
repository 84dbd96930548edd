import type { Editor } from '@tiptap/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { checkImage, type CheckedImage } from '../../../shared/model/checkImage.js'
import type { ImageAttrs } from '../../../shared/model/extensions/image.js'
import { errorText } from '../../i18n/errorText.js'
import { useFormats } from '../../i18n/useFormats.js'
import { ImageDialog, type ImageDetails } from './ImageDialog.js'
import type { ImageStore } from './imageStore.js'
import { shrinkImage } from './shrinkImage.js'

interface Props {
  editor: Editor
  images: ImageStore
  /** Files to add, pasted, dropped or picked, in turn; the first is the one being added. */
  files: File[]
  /** The first file is added, or not: the next may start. */
  onTaken: () => void
}

interface Candidate {
  file: File
  bytes: Uint8Array<ArrayBuffer>
  checked: CheckedImage
  preview: string
}

/**
 * Adds files as images at the caret, one at a time: each is checked from its header before anything
 * decodes it (an SVG, a file that is not an image, or one of too many pixels is refused, and the window
 * says why), its alt text and caption are asked for, it is resized (shrinkImage) unless the user keeps
 * the original, stored in the library, and only then put in the document.
 */
export function ImageInsert({ editor, images, files, onTaken }: Props) {
  const { t } = useTranslation()
  const format = useFormats()
  const [candidate, setCandidate] = useState<Candidate | null>(null)
  const [storing, setStoring] = useState(false)
  const [refused, setRefused] = useState<{ name: string; error: Error }[]>([])
  const file = files[0]

  useEffect(() => {
    if (!file) return
    let current = true
    file.arrayBuffer().then(
      (buffer) => {
        if (!current) return
        const bytes = new Uint8Array(buffer)
        try {
          const checked = checkImage(bytes)
          setCandidate({ file, bytes, checked, preview: URL.createObjectURL(new Blob([bytes], { type: file.type })) })
        } catch (error) {
          setRefused((before) => [...before, { name: file.name, error: error as Error }])
          onTaken()
        }
      },
      (error: Error) => {
        if (!current) return
        setRefused((before) => [...before, { name: file.name, error }])
        onTaken()
      },
    )
    return () => {
      current = false
    }
  }, [file, onTaken])

  const finish = (added: Candidate) => {
    URL.revokeObjectURL(added.preview)
    setCandidate(null)
    setStoring(false)
    onTaken()
  }

  const add = async (added: Candidate, { alt, caption, keepOriginal }: ImageDetails) => {
    setStoring(true)
    try {
      const bytes = await shrinkImage(added.bytes, added.checked, keepOriginal)
      const stored = await images.put(bytes)
      const attrs: ImageAttrs = { blob: stored.hash, type: stored.type, width: stored.width, height: stored.height, alt, caption }
      // On an empty line, the image goes before it, and the line (with its section's hint) stays to write on.
      const line = editor.state.selection.$from.parent
      const image = { type: 'image', attrs }
      editor
        .chain()
        .focus()
        .insertContent(line.isTextblock && line.content.size === 0 ? [image, { type: 'paragraph' }] : image)
        .run()
      setRefused([])
    } catch (error) {
      setRefused((before) => [...before, { name: added.file.name, error: error as Error }])
    }
    finish(added)
  }

  return (
    <>
      {storing && (
        <p role="status" className="hint image-storing">
          {t('editor.image.storing')}
        </p>
      )}
      {refused.length > 0 && (
        <div role="alert" className="problem image-refused">
          {refused.map(({ name, error }, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same file may be refused twice; the list only grows until cleared.
            <p key={index}>{t('editor.image.refused', { name, reason: errorText(t, format, error) })}</p>
          ))}
          <button type="button" className="quiet" onClick={() => setRefused([])}>
            {t('editor.image.dismiss')}
          </button>
        </div>
      )}
      {candidate && !storing && (
        <ImageDialog preview={candidate.preview} alt="" caption="" onCancel={() => finish(candidate)} onDone={(details) => void add(candidate, details)} />
      )}
    </>
  )
}
