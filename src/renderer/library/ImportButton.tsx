import { useTranslation } from 'react-i18next'
import type { Key } from '../i18n/keys.js'
import { pickImportFiles } from './pickImportFiles.js'

/** The Import button: a file picker for Markdown and Word files, announced to the back end as it opens. */
export function ImportButton({ onPick, onFiles, label = 'import.button' }: { onPick: () => void; onFiles: (files: File[]) => void; label?: Key }) {
  const { t } = useTranslation()
  return (
    <button
      type="button"
      onClick={() => {
        onPick()
        pickImportFiles(onFiles)
      }}
    >
      {t(label)}
    </button>
  )
}
