import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useModalDialog } from '../../shared/useModalDialog.js'

export interface ImageDetails {
  alt: string
  caption: string
  keepOriginal: boolean
}

interface Props {
  /** The image being added, shown in the dialog; absent for one already in the document. */
  preview?: string
  alt: string
  caption: string
  onDone: (details: ImageDetails) => void
  onCancel: () => void
}

/** The most characters of alt text and of a caption: a few sentences each. */
const MAX_ALT = 1000
const MAX_CAPTION = 500

/**
 * An image's alt text and caption, asked for when it is added (with the choice to keep its file as it
 * is) and changed later from the image. The alt text may be left for later: the image then shows it
 * is missing.
 */
export function ImageDialog({ preview, alt: givenAlt, caption: givenCaption, onDone, onCancel }: Props) {
  const { t } = useTranslation()
  const altInput = useRef<HTMLTextAreaElement>(null)
  const dialog = useModalDialog(altInput)
  const [alt, setAlt] = useState(givenAlt)
  const [caption, setCaption] = useState(givenCaption)
  const [keepOriginal, setKeepOriginal] = useState(false)
  const adding = preview !== undefined

  const done = (event: FormEvent) => {
    event.preventDefault()
    onDone({ alt: alt.trim(), caption: caption.trim(), keepOriginal })
  }

  return (
    <dialog ref={dialog} className="dialog image-dialog" aria-labelledby="image-dialog-title" onCancel={onCancel}>
      <form onSubmit={done}>
        <h2 id="image-dialog-title">{adding ? t('editor.image.addTitle') : t('editor.image.detailsTitle')}</h2>
        {adding && <img className="image-preview" src={preview} alt={t('editor.image.preview')} />}
        <label className="field">
          <span>{t('editor.image.alt')}</span>
          <textarea
            ref={altInput}
            rows={3}
            maxLength={MAX_ALT}
            value={alt}
            aria-describedby="image-alt-hint"
            onChange={(event) => setAlt(event.target.value)}
          />
        </label>
        <p id="image-alt-hint" className="hint">
          {t('editor.image.altHint')}
        </p>
        <label className="field">
          <span>{t('editor.image.caption')}</span>
          <input maxLength={MAX_CAPTION} value={caption} onChange={(event) => setCaption(event.target.value)} />
        </label>
        {adding && (
          <label className="check">
            <input type="checkbox" checked={keepOriginal} onChange={(event) => setKeepOriginal(event.target.checked)} />
            {t('editor.image.keepOriginal')}
          </label>
        )}
        <div className="dialog-actions">
          <button type="button" className="quiet" onClick={onCancel}>
            {t('editor.image.cancel')}
          </button>
          <button type="submit">{adding ? t('editor.image.add') : t('editor.image.done')}</button>
        </div>
      </form>
    </dialog>
  )
}
