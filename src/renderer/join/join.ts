import { inviteFromFragment } from './inviteFromFragment.js'

/**
 * The relay's invite page (join.html, served at /join): reads the invite in its address's fragment
 * and offers to open it in Casebook, or says how to join without the app. It opens nothing by
 * itself. What the fragment holds is written as text and attributes only, never as markup: anyone
 * may craft one.
 */
const invite = document.getElementById('invite')!
const refused = document.getElementById('refused')!
const field = document.getElementById('link') as HTMLInputElement
const copied = document.getElementById('copied')!

function show(): void {
  const page = inviteFromFragment(location.hash.slice(1), location.host)
  invite.hidden = 'refusal' in page
  refused.hidden = !('refusal' in page)
  if ('refusal' in page) {
    refused.textContent = page.refusal
    return
  }
  document.getElementById('relay')!.textContent = page.relayUrl
  document.getElementById('open')!.setAttribute('href', page.link)
  field.value = page.link
  copied.textContent = ''
}

document.getElementById('copy')!.addEventListener('click', () => {
  Promise.resolve(field.value)
    .then((link) => navigator.clipboard.writeText(link))
    .then(
      () => (copied.textContent = 'Copied.'),
      () => {
        // Refused, or no clipboard at all (an unencrypted page): the link selected, for the keyboard to copy.
        field.select()
        copied.textContent = 'Press Ctrl+C (⌘C on a Mac) to copy it.'
      },
    )
})
window.addEventListener('hashchange', show)
show()
