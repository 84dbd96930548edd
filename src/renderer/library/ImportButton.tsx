import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { IMPORT_EXTENSIONS } from '../../shared/ipc/importableFile.js'
import type { Key } from '../i18n/keys.js'

/** The Import button: a file picker for Markdown and Word files, announced to the back end as it opens. */
export function ImportButton({ onPick, onFiles, label = 'import.button' }: { onPick: () => void; onFiles: (files: File[]) => void; label?: Key }) {
  const { t } = useTranslation()
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <button
        type="button"
        onClick={() => {
          onPick()
          input.current?.click()
        }}
      >
        {t(label)}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={IMPORT_EXTENSIONS.join(',')}
        hidden
        aria-label={t('import.files')}
        onChange={(event) => {
          onFiles([...(event.target.files ?? [])])
          // The same file may be picked again.
          event.target.value = ''
        }}
      />
    </>
  )
}
