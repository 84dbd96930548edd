import { useTranslation } from 'react-i18next'
import { ImportButton } from './ImportButton.js'

interface Props {
  onNew: () => void
  onImportPick: () => void
  onImportFiles: (files: File[]) => void
  onJoin: () => void
}

/** What an empty library shows: what Casebook is, and the three ways to start. */
export function Welcome({ onNew, onImportPick, onImportFiles, onJoin }: Props) {
  const { t } = useTranslation()
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title">{t('library.welcome.title')}</h2>
      <p>{t('library.welcome.what')}</p>
      <p className="hint">{t('library.welcome.offline')}</p>
      <div className="welcome-actions">
        <button type="button" className="primary" onClick={onNew}>
          {t('library.welcome.new')}
        </button>
        <ImportButton onPick={onImportPick} onFiles={onImportFiles} label="library.welcome.import" />
        <button type="button" onClick={onJoin}>
          {t('library.welcome.join')}
        </button>
      </div>
    </section>
  )
}
