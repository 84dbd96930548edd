import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../shared/model/languages.js'
import { profileSchema, type Profile } from '../../shared/model/settings.js'
import { problemOf } from '../../shared/model/validation.js'
import { errorText } from '../i18n/errorText.js'
import type { Key } from '../i18n/keys.js'
import { useFormats } from '../i18n/useFormats.js'
import { AboutDialog } from '../app/AboutDialog.js'

interface Props {
  api: CasebookApi
  profile: Profile | null
  onSaved: (profile: Profile) => void
  language: Language
  /** Shows the window in the language at once, and keeps the choice; rejects if it could not be kept. */
  onLanguage: (language: Language) => Promise<void>
}

/** How each field's problem reads beside it; the profile's only pattern is the colour's. */
const PROBLEMS: Partial<Record<ReturnType<typeof problemOf>['code'], Key>> = {
  empty: 'profile.problem.empty',
  tooLong: 'profile.problem.tooLong',
  pattern: 'profile.problem.colour',
}

/** Who the user is to the people they write with (beside their caret, and on their documents), and the window's language. */
export function ProfileScreen({ api, profile, onSaved, language, onLanguage }: Props) {
  const { t } = useTranslation()
  const format = useFormats()
  const [name, setName] = useState(profile?.name ?? '')
  const [city, setCity] = useState(profile?.city ?? '')
  const [color, setColor] = useState(profile?.color ?? '#1f77b4')
  const [problems, setProblems] = useState<Partial<Record<keyof Profile, ReturnType<typeof problemOf>>>>({})
  const [failure, setFailure] = useState<Error | null>(null)
  const [saved, setSaved] = useState(false)
  const [languageFailure, setLanguageFailure] = useState<Error | null>(null)
  const [about, setAbout] = useState(false)
  const languageId = useId()

  const save = (event: FormEvent) => {
    event.preventDefault()
    setSaved(false)
    const result = profileSchema.safeParse({ name, color, ...(city.trim() ? { city } : {}) })
    if (!result.success) {
      setProblems(Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), problemOf(issue)])))
      return
    }
    setProblems({})
    setFailure(null)
    api.request('settings.setProfile', result.data).then(({ profile: stored }) => {
      setSaved(true)
      onSaved(stored)
    }, setFailure)
  }
  const problemText = (field: keyof Profile) => {
    const problem = problems[field]
    const key = problem && PROBLEMS[problem.code]
    return key && t(key, { limit: problem.params.limit ?? 0 })
  }

  return (
    <section className="profile" aria-labelledby="profile-title">
      <header className="screen-header">
        <h1 id="profile-title">{t('profile.title')}</h1>
      </header>
      {!profile && <p className="notice">{t('profile.intro')}</p>}
      <form onSubmit={save} className="profile-form">
        <Field label={t('profile.name')} problem={problemText('name')}>
          <input value={name} onChange={(event) => setName(event.target.value)} autoComplete="name" />
        </Field>
        <Field label={t('profile.city')} problem={problemText('city')}>
          <input value={city} onChange={(event) => setCity(event.target.value)} />
        </Field>
        <Field label={t('profile.colour')} problem={problemText('color')}>
          <input type="color" value={color} onChange={(event) => setColor(event.target.value)} />
        </Field>
        {failure && (
          <p role="alert" className="problem">
            {errorText(t, format, failure)}
          </p>
        )}
        {saved && (
          <p role="status" className="success">
            {t('profile.saved')}
          </p>
        )}
        <button type="submit" className="primary">
          {t('profile.save')}
        </button>
      </form>
      <div className="field profile-language">
        <label htmlFor={languageId}>{t('profile.language.label')}</label>
        <select
          id={languageId}
          value={language}
          aria-describedby={`${languageId}-hint`}
          onChange={(event) => {
            setLanguageFailure(null)
            onLanguage(event.target.value as Language).catch(setLanguageFailure)
          }}
        >
          {LANGUAGES.map((each) => (
            // Each language is named in itself, so that whoever reads it can find their own.
            <option key={each} value={each} lang={each}>
              {LANGUAGE_NAMES[each]}
            </option>
          ))}
        </select>
        {languageFailure ? (
          <p id={`${languageId}-hint`} role="alert" className="problem">
            {errorText(t, format, languageFailure)}
          </p>
        ) : (
          <p id={`${languageId}-hint`} className="hint">
            {t('profile.language.hint')}
          </p>
        )}
      </div>
      <button type="button" className="profile-about" onClick={() => setAbout(true)}>
        {t('about.title')}
      </button>
      {about && <AboutDialog show="about" onClose={() => setAbout(false)} />}
    </section>
  )
}

function Field({ label, problem, children }: { label: string; problem: string | undefined; children: React.ReactElement }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the children.
    <label className="field">
      <span>{label}</span>
      {children}
      {problem && (
        <span role="alert" className="problem">
          {problem}
        </span>
      )}
    </label>
  )
}
