import type { Profile } from '../../shared/model/settings.js'
import type { CaretUser } from '../shared/caretLabel.js'
import { caretColor } from './caretColor.js'

/**
 * Who this user is to the others in a document. Without a name in the profile the name is empty,
 * not a word of this window's language: each collaborator's window says "someone" in its own.
 */
export function caretUser(profile: Profile | null): CaretUser {
  return { name: profile?.name ?? '', color: caretColor(profile?.color), ...(profile?.city ? { city: profile.city } : {}) }
}
