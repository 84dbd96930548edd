import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { type WindowCommand, windowCommandScript } from '../../src/shared/ipc/windowCommand.js'
import { inviteLink } from '../../src/shared/protocol/inviteLink.js'
import { createDocument } from './support/pages.js'
import { expect, test } from './support/processes.js'

/**
 * The desktop app's menu, and an invite link the system hands it, reach the window as the script the
 * main process runs in the page (windowCommandScript): run here as it is there, in the browser shell's
 * page. (Playwright runs it as a user gesture, as Electron's executeJavaScript(script, true) does.)
 */
const give = (page: Page, command: WindowCommand) => page.evaluate(windowCommandScript(command))

test('the menu opens About and the notices, starts a document, imports files, opens the Export menu and closes the document', async ({ page, processes }) => {
  const { url } = await processes.shell()
  await page.goto(url)

  // Help → Third-party notices: About, at its notices; Help → About Casebook: at its top.
  await give(page, { type: 'app-command', command: 'notices' })
  const about = page.getByRole('dialog', { name: 'About Casebook' })
  await expect(about.getByRole('heading', { name: 'Third-party notices' })).toBeFocused()
  await expect(about.getByRole('list', { name: 'Third-party notices' }).locator('summary').first()).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(about).toBeHidden()
  await give(page, { type: 'app-command', command: 'about' })
  await expect(about.getByRole('heading', { name: 'Third-party notices' })).not.toBeFocused()
  await expect(about).toContainText('Version ')
  await page.keyboard.press('Escape')

  await give(page, { type: 'app-command', command: 'new-document' })
  await expect(page.getByRole('dialog', { name: 'New document' })).toBeVisible()
  await page.getByRole('dialog', { name: 'New document' }).getByRole('button', { name: 'Cancel' }).click()

  await createDocument(page, { template: 'Case study', title: 'Bus lanes in Bogotá' })
  // Export with a document open: its menu opens at the first format.
  await give(page, { type: 'app-command', command: 'export' })
  const formats = page.getByRole('list', { name: 'Export as' })
  await expect(formats).toBeVisible()
  await expect(formats.getByRole('button').first()).toBeFocused()
  await page.keyboard.press('Escape')

  await give(page, { type: 'app-command', command: 'close-document' })
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: 'Bus lanes in Bogotá', exact: true })).toBeVisible()
  // Another document opened later does not open its Export menu for a request made before it was open.
  await page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: 'Bus lanes in Bogotá', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Bus lanes in Bogotá' })).toBeVisible()
  await expect(formats).toBeHidden()

  // Import from a document: the picker opens, and the library shows what was imported.
  const picking = page.waitForEvent('filechooser')
  await give(page, { type: 'app-command', command: 'import' })
  const chooser = await picking
  expect(chooser.isMultiple()).toBe(true)
  await chooser.setFiles({
    name: 'cycle-lanes.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from('# Cycle lanes in Lima\n\nProtected lanes on Avenida Arequipa.\n'),
  })
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: 'Cycle lanes in Lima', exact: true })).toBeVisible()
})

test('an invite link handed to the app fills in the networks screen, and joins only when the user says so', async ({ page, processes }) => {
  const relay = await processes.relay()
  const { url } = await processes.shell()
  await page.goto(url)
  const invite = processes.invite(relay, { network: 'brt-network', role: 'member', name: 'Lucía Fernández', city: 'Bogotá' })

  await give(page, { type: 'invite-link', link: inviteLink(relay.url, invite) })
  await expect(page.getByRole('heading', { name: 'Join a network' })).toBeVisible()
  await expect(page.getByLabel('Relay address')).toHaveValue(relay.url)
  await expect(page.getByLabel('Invite')).toHaveValue(invite)
  await expect(page.getByRole('status').filter({ hasText: 'Casebook was given this invite link.' })).toBeVisible()
  await page.screenshot({ path: join('test-results', 'invite-link-offered.png') })
  // Not joined until asked.
  await expect(page.getByRole('list', { name: 'Joined networks' })).toHaveCount(0)

  // Something that is not an invite link changes nothing.
  await page.getByRole('button', { name: 'Library', exact: true }).click()
  await give(page, { type: 'invite-link', link: 'https://example.org/?invite=x' })
  await expect(page.getByRole('heading', { name: 'Join a network' })).toHaveCount(0)

  await give(page, { type: 'invite-link', link: inviteLink(relay.url, invite) })
  await page.getByRole('button', { name: 'Join', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'You joined' })).toBeVisible()
})

test('an invite link given before the window listens, as the app starts, is shown once it does', async ({ page, processes }) => {
  const relay = await processes.relay()
  const { url } = await processes.shell()
  const invite = processes.invite(relay, { network: 'brt-network', role: 'member', name: 'Lucía Fernández', city: 'Bogotá' })
  // Run before the page's own scripts, as a link handed over at launch may be.
  await page.addInitScript(windowCommandScript({ type: 'invite-link', link: inviteLink(relay.url, invite) }))
  await page.goto(url)
  await expect(page.getByLabel('Relay address')).toHaveValue(relay.url)
  await expect(page.getByLabel('Invite')).toHaveValue(invite)
})
