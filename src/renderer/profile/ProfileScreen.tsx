import { useState, type FormEvent } from 'react'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import { profileSchema, type Profile } from '../../shared/model/settings.js'

interface Props {
  api: CasebookApi
  profile: Profile | null
  onSaved: (profile: Profile) => void
}

/** Who the user is to the people they write with: beside their caret, and on their documents. */
export function ProfileScreen({ api, profile, onSaved }: Props) {
  const [name, setName] = useState(profile?.name ?? '')
  const [city, setCity] = useState(profile?.city ?? '')
  const [color, setColor] = useState(profile?.color ?? '#1f77b4')
  const [problems, setProblems] = useState<Partial<Record<keyof Profile | 'form', string>>>({})
  const [saved, setSaved] = useState(false)

  const save = (event: FormEvent) => {
    event.preventDefault()
    setSaved(false)
    const result = profileSchema.safeParse({ name, color, ...(city.trim() ? { city } : {}) })
    if (!result.success) {
      setProblems(Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message])))
      return
    }
    setProblems({})
    api.request('settings.setProfile', result.data).then(
      ({ profile: stored }) => {
        setSaved(true)
        onSaved(stored)
      },
      (failure: Error) => setProblems({ form: failure.message }),
    )
  }

  return (
    <section className="profile" aria-labelledby="profile-title">
      <header className="screen-header">
        <h1 id="profile-title">Profile</h1>
      </header>
      {!profile && <p className="notice">Tell the people you write with who you are: your name and city label your cursor.</p>}
      <form onSubmit={save} className="profile-form">
        <Field label="Name" problem={problems.name}>
          <input value={name} onChange={(event) => setName(event.target.value)} autoComplete="name" />
        </Field>
        <Field label="City" problem={problems.city}>
          <input value={city} onChange={(event) => setCity(event.target.value)} />
        </Field>
        <Field label="Colour" problem={problems.color}>
          <input type="color" value={color} onChange={(event) => setColor(event.target.value)} />
        </Field>
        {problems.form && (
          <p role="alert" className="problem">
            {problems.form}
          </p>
        )}
        {saved && (
          <p role="status" className="success">
            Profile saved.
          </p>
        )}
        <button type="submit" className="primary">
          Save profile
        </button>
      </form>
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
