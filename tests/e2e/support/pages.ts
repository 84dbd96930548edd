import { expect, type Page } from '@playwright/test'

/** What a person does in Casebook's window, by role and label as a screen reader would find it. */

export async function setProfile(page: Page, profile: { name: string; city: string; color?: string }): Promise<void> {
  await page.getByRole('button', { name: 'Profile' }).click()
  await page.getByLabel('Name').fill(profile.name)
  await page.getByLabel('City').fill(profile.city)
  if (profile.color) await page.getByLabel('Colour').fill(profile.color)
  await page.getByRole('button', { name: 'Save profile' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible()
}

export async function createDocument(page: Page, options: { template: string; title: string; network?: string }): Promise<void> {
  await page.getByRole('button', { name: 'New document' }).click()
  const dialog = page.getByRole('dialog', { name: 'New document' })
  await dialog.getByRole('radio', { name: new RegExp(`^${options.template}`) }).check()
  await dialog.getByLabel('Title').fill(options.title)
  if (options.network) await dialog.getByLabel('Share in').selectOption(options.network)
  await dialog.getByRole('button', { name: 'Create' }).click()
  await expect(page.getByRole('heading', { level: 1, name: options.title })).toBeVisible()
}

export function body(page: Page) {
  return page.getByRole('textbox', { name: 'Document body' })
}

/** The paragraph under a section heading of the template. */
export function section(page: Page, heading: string) {
  return body(page).locator(`h2:text-is("${heading}") + p`)
}

export async function openDocument(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Library' }).click()
  await page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: title, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
}

export async function joinNetwork(page: Page, relayUrl: string, invite: string): Promise<void> {
  await page.getByRole('button', { name: 'Networks' }).click()
  await page.getByLabel('Relay address').fill(relayUrl)
  await page.getByLabel('Invite').fill(invite)
  await page.getByRole('button', { name: 'Join', exact: true }).click()
}

/** Joins by an invite link alone, pasted into the invite field, which fills the relay's address from it too. */
export async function joinNetworkByLink(page: Page, link: string, relayUrl: string): Promise<void> {
  await page.getByRole('button', { name: 'Networks' }).click()
  await page.getByLabel('Invite').fill(link)
  await expect(page.getByLabel('Relay address')).toHaveValue(relayUrl)
  await expect(page.getByLabel('Invite')).not.toHaveValue(link)
  await page.getByRole('button', { name: 'Join', exact: true }).click()
}

/**
 * Puts the caret at the end of the participant's own line. The caret is set where the line is in the
 * page, not by a click: others are typing meanwhile, and the line moves under the pointer. It is
 * checked, and set again until it is there.
 */
export async function placeCaretAtEnd(page: Page, tag: string): Promise<void> {
  await expect(async () => {
    const at = await body(page).evaluate((editor, wanted) => {
      const line = [...editor.querySelectorAll('p')].find((paragraph) => paragraph.textContent?.startsWith(wanted))
      if (!line) return false
      editor.focus()
      const range = editor.ownerDocument.createRange()
      range.selectNodeContents(line)
      range.collapse(false)
      const selection = editor.ownerDocument.getSelection()!
      selection.removeAllRanges()
      selection.addRange(range)
      return true
    }, tag)
    expect(at, `${tag} is in the document`).toBe(true)
    // ProseMirror takes the selection from the page on its next selectionchange.
    await page.waitForTimeout(50)
    const where = await body(page).evaluate((editor) => {
      const selection = editor.ownerDocument.getSelection()
      const node = selection?.anchorNode
      const element = node?.nodeType === 1 ? node : node?.parentElement
      const length = node?.nodeType === 1 ? node.childNodes.length : (node?.textContent?.length ?? -1)
      return { text: element?.closest('p')?.textContent ?? '', atEnd: selection?.anchorOffset === length }
    })
    expect(where.text.startsWith(tag) && where.atEnd).toBe(true)
    // Under a dozen streams of typing, the next remote change can redraw the old selection before
    // the editor reads the new one: it may take until the others have stopped typing.
  }).toPass({ timeout: 60_000 })
}
