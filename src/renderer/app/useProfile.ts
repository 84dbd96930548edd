import { useEffect, useState } from 'react'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import type { Profile } from '../../shared/model/settings.js'

/** The user's profile: undefined while loading, null until they have given one. */
export function useProfile(api: CasebookApi): [Profile | null | undefined, (profile: Profile) => void] {
  const [profile, setProfile] = useState<Profile | null | undefined>(undefined)
  useEffect(() => {
    api.request('settings.get', {}).then(
      ({ profile }) => setProfile(profile),
      () => setProfile(null),
    )
  }, [api])
  return [profile, setProfile]
}
