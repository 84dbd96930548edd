import { NodeViewWrapper, useEditorState, type ReactNodeViewProps } from '@tiptap/react'
import { useEffect, useState } from 'react'
import { createPortal } from 'react-dom'
import { useTranslation } from 'react-i18next'
import type { ImageAttrs } from '../../../shared/model/extensions/image.js'
import { ImageDialog } from './ImageDialog.js'
import type { ImageStore } from './imageStore.js'

/**
 * An image in a document body: its blob from the window's ImageStore, or, while this device does not
 * have it, a box of its size with its alt text, never a broken image. Its caption is under it, and a
 * missing alt text is said (for screen readers too). Where the body is editable, the image or its
 * button opens its alt text and caption.
 */
export function ImageFigure({ node, editor, extension, selected, updateAttributes }: ReactNodeViewProps) {
  const { t } = useTranslation()
  const { blob, type, width, height, alt, caption } = node.attrs as ImageAttrs
  const images = (extension.options as { images: ImageStore | null }).images
  const url = useImageUrl(images, blob, type)
  const editable = useEditorState({ editor, selector: ({ editor: current }) => current.isEditable })
  const [describing, setDescribing] = useState(false)
  const describe = editable ? () => setDescribing(true) : undefined
  const notShown = alt || t('editor.image.notDownloaded')

  return (
    <NodeViewWrapper as="figure" className={selected ? 'image is-selected' : 'image'} data-blob={blob}>
      {url ? (
        // biome-ignore lint/a11y/useKeyWithClickEvents: the image's button below opens the same from the keyboard.
        <img src={url} alt={alt} width={width || undefined} height={height || undefined} onClick={describe} />
      ) : (
        <div
          className="image-placeholder"
          role="img"
          aria-label={notShown}
          style={{ width: width ? `${width}px` : undefined, aspectRatio: ratio(width, height) }}
        >
          <span>{notShown}</span>
        </div>
      )}
      {caption && <figcaption>{caption}</figcaption>}
      {(!alt || editable) && (
        <div className="image-notes">
          {!alt && (
            <span className="image-alt-missing">
              <span aria-hidden="true">⚠ </span>
              {t('editor.image.altMissing')}
            </span>
          )}
          {editable && (
            <button type="button" className="quiet" onClick={describe}>
              {t('editor.image.describe')}
            </button>
          )}
        </div>
      )}
      {describing &&
        // Outside the editable body, which would otherwise take the fields' keys and clicks.
        createPortal(
          <ImageDialog
            alt={alt}
            caption={caption}
            onCancel={() => setDescribing(false)}
            onDone={(details) => {
              setDescribing(false)
              updateAttributes({ alt: details.alt, caption: details.caption })
            }}
          />,
          document.body,
        )}
    </NodeViewWrapper>
  )
}

/** The object URL of an image's blob, once the window has it. */
function useImageUrl(images: ImageStore | null, blob: string, type: ImageAttrs['type']): string | null {
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    setUrl(null)
    if (!images || !blob) return
    return images.show(blob, type, setUrl)
  }, [images, blob, type])
  return url
}

/** The placeholder's shape is the image's, so that nothing moves when it fills in; an image of unknown size takes 4:3. */
function ratio(width: number, height: number): string {
  return width && height ? `${width} / ${height}` : '4 / 3'
}
