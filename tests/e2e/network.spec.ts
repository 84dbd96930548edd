import type { Browser, Page } from '@playwright/test'
import { inviteLink } from '../../src/shared/protocol/inviteLink.js'
import { createDocument, joinNetwork, joinNetworkByLink, openDocument, section, setProfile } from './support/pages.js'
import { expect, test, type Processes, type RelayProcess } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 800 } })

interface Person {
  name: string
  city: string
  color: string
  role: 'viewer' | 'member' | 'facilitator'
}

const AMARA: Person = { name: 'Amara Okafor', city: 'Lagos', color: '#c2410c', role: 'facilitator' }
const LUCIA: Person = { name: 'Lucía Gómez', city: 'Bogotá', color: '#1d4ed8', role: 'member' }

/** A person with their own shell and data directory, in their own browser context, joined to the network. */
async function joined(browser: Browser, processes: Processes, relay: RelayProcess, person: Person, { byLink = false } = {}): Promise<Page> {
  const shell = await processes.shell()
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
  await page.goto(shell.url)
  await setProfile(page, person)
  const invite = processes.invite(relay, { network: 'brt-network', role: person.role, name: person.name, city: person.city })
  if (byLink) await joinNetworkByLink(page, inviteLink(relay.url, invite), relay.url)
  else await joinNetwork(page, relay.url, invite)
  await expect(page.getByRole('status').filter({ hasText: 'You joined brt-network.' })).toBeVisible()
  await expect(page.getByRole('listitem', { name: 'brt-network' })).toContainText('Online')
  return page
}

/** Amara writes a case study into the network; the other person opens it once it reaches them. */
async function sharedDocument(amara: Page, other: Page, title: string): Promise<void> {
  await createDocument(amara, { template: 'Case study', title, network: 'brt-network' })
  await other.getByRole('button', { name: 'Library' }).click()
  await expect(other.getByRole('table', { name: 'Documents' }).getByRole('button', { name: title, exact: true })).toBeVisible({ timeout: 10_000 })
  await openDocument(other, title)
}

test('(b) two people co-edit live, and see each other’s text and labelled caret', async ({ browser, processes }, testInfo) => {
  const relay = await processes.relay()
  const amara = await joined(browser, processes, relay, AMARA)
  // Lucía joins by the one link she was sent.
  const lucia = await joined(browser, processes, relay, LUCIA, { byLink: true })
  await expect(amara.getByRole('list', { name: 'Online in brt-network' }).getByRole('listitem')).toHaveText(['Amara Okafor · Lagos', 'Lucía Gómez · Bogotá'])
  await amara.screenshot({ path: testInfo.outputPath('networks.png') })
  await sharedDocument(amara, lucia, 'Bogotá TransMilenio')

  await section(amara, 'Summary').click()
  await amara.keyboard.type('Trunk lines with platforms at floor height.')
  await expect(section(lucia, 'Summary')).toHaveText('Trunk lines with platforms at floor height.', { timeout: 1000 })
  await section(lucia, 'Challenge').click()
  await lucia.keyboard.type('Buses stuck behind cars.')
  await expect(section(amara, 'Challenge')).toHaveText('Buses stuck behind cars.', { timeout: 1000 })

  // Undo takes back Amara's own typing only, not Lucía's.
  await section(amara, 'Summary').click()
  await amara.keyboard.press('Control+z')
  await expect(section(amara, 'Summary')).toHaveText('')
  await expect(section(lucia, 'Summary')).toHaveText('', { timeout: 1000 })
  await expect(section(amara, 'Challenge')).toHaveText('Buses stuck behind cars.')
  await amara.keyboard.press('Control+Shift+z')
  await expect(section(lucia, 'Summary')).toHaveText('Trunk lines with platforms at floor height.', { timeout: 1000 })

  await section(lucia, 'Challenge').click()
  await lucia.keyboard.press('End')
  await expect(amara.locator('.collab-caret')).toHaveAttribute('data-label', 'Lucía Gómez · Bogotá')
  await expect(lucia.locator('.collab-caret')).toHaveAttribute('data-label', 'Amara Okafor · Lagos')
  await expect(amara.getByRole('list', { name: 'People in this document' })).toContainText('Lucía Gómez · Bogotá')
  await expect(amara.getByText('Saved on the network')).toBeVisible()
  await amara.screenshot({ path: testInfo.outputPath('editor-two-carets.png') })
})

test('(c) both edit the same paragraph offline; when the relay returns both pages hold both edits', async ({ browser, processes }) => {
  const relay = await processes.relay()
  const amara = await joined(browser, processes, relay, AMARA)
  const lucia = await joined(browser, processes, relay, LUCIA)
  await sharedDocument(amara, lucia, 'Quito cable car')
  await section(amara, 'Summary').click()
  await amara.keyboard.type('The cable car links the hillside.')
  await expect(section(lucia, 'Summary')).toHaveText('The cable car links the hillside.')

  await relay.stop()
  await expect(amara.getByRole('status', { name: 'Connection' })).toHaveText('Offline')
  await expect(lucia.getByRole('status', { name: 'Connection' })).toHaveText('Offline')
  await section(amara, 'Summary').click()
  await amara.keyboard.press('End')
  await amara.keyboard.type(' Amara was here.')
  await section(lucia, 'Summary').click()
  await lucia.keyboard.press('Home')
  await lucia.keyboard.type('Lucía too. ')
  await expect(section(amara, 'Summary')).toHaveText('The cable car links the hillside. Amara was here.')
  await expect(section(lucia, 'Summary')).toHaveText('Lucía too. The cable car links the hillside.')

  await relay.start()
  const merged = 'Lucía too. The cable car links the hillside. Amara was here.'
  await expect(section(amara, 'Summary')).toHaveText(merged, { timeout: 15_000 })
  await expect(section(lucia, 'Summary')).toHaveText(merged, { timeout: 15_000 })
})

test('(d) a viewer’s editor is read-only, and nothing it types reaches anyone', async ({ browser, processes }) => {
  const relay = await processes.relay()
  const amara = await joined(browser, processes, relay, AMARA)
  const viewer = await joined(browser, processes, relay, { name: 'Wei Chen', city: 'Shenzhen', color: '#047857', role: 'viewer' })
  await sharedDocument(amara, viewer, 'Shenzhen electric buses')
  await section(amara, 'Summary').click()
  await amara.keyboard.type('Sixteen thousand electric buses.')
  await expect(section(viewer, 'Summary')).toHaveText('Sixteen thousand electric buses.')

  // A viewer's copy, once synced, is what the network has saved.
  await expect(viewer.locator('.document-status .badge')).toHaveText('Saved on the network')
  await expect(viewer.getByRole('note')).toHaveText('You can read and comment on this document but not change it: your invite to brt-network is a viewer’s.')
  await expect(viewer.getByRole('textbox', { name: 'Document body' })).toHaveAttribute('contenteditable', 'false')
  await expect(viewer.getByRole('toolbar', { name: 'Formatting' })).toHaveCount(0)
  await section(viewer, 'Summary').click()
  await viewer.keyboard.type('VIEWER TEXT')
  await expect(section(viewer, 'Summary')).toHaveText('Sixteen thousand electric buses.')
  await expect(viewer.getByRole('complementary', { name: 'Document details' }).getByLabel('Title')).toHaveAttribute('readonly', '')

  // A change Amara makes afterwards still arrives, so the viewer's connection was live all along.
  await section(amara, 'Challenge').click()
  await amara.keyboard.type('Charging at depots overnight.')
  await expect(section(viewer, 'Challenge')).toHaveText('Charging at depots overnight.')
  await expect(section(amara, 'Summary')).toHaveText('Sixteen thousand electric buses.')

  // Leaving the network keeps its documents on this device, no longer synced.
  await viewer.getByRole('button', { name: 'Networks' }).click()
  await viewer.getByRole('button', { name: 'Leave…' }).click()
  await viewer.getByRole('button', { name: 'Leave brt-network' }).click()
  await expect(viewer.getByText('You have not joined a network yet.', { exact: false })).toBeVisible()
  await expect(viewer.getByRole('status', { name: 'Connection' })).toHaveText('No network joined')
  await viewer.getByRole('button', { name: 'Library' }).click()
  await expect(viewer.getByRole('table', { name: 'Documents' }).getByRole('row', { name: /Shenzhen electric buses/ })).toContainText('Only on this device')
})

test('(e) a bad invite and an expired one each say what is wrong, and join nothing', async ({ page, processes }) => {
  const relay = await processes.relay()
  const shell = await processes.shell()
  await page.goto(shell.url)
  await joinNetwork(page, relay.url, 'not-an-invite')
  await expect(page.getByRole('alert')).toHaveText(/invite/i)
  const badMessage = await page.getByRole('alert').textContent()

  await joinNetwork(page, relay.url, await expiredInvite(relay))
  await expect(page.getByRole('alert')).toHaveText(/expired/i)
  expect(await page.getByRole('alert').textContent()).not.toBe(badMessage)

  await expect(page.getByRole('list', { name: 'Joined networks' })).toHaveCount(0)
  await expect(page.getByText('You have not joined a network yet.', { exact: false })).toBeVisible()
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('No network joined')
})

/** An invite signed with the relay's own secret, whose expiry has passed. */
async function expiredInvite(relay: RelayProcess): Promise<string> {
  const { signInvite } = await import('../../src/relay/invites.js')
  const { loadSecret } = await import('../../src/relay/secret.js')
  const { token } = await signInvite(loadSecret(relay.dataDir, {}), { network: 'brt-network', role: 'member', name: 'Late', expiresIn: '-1h' })
  return token
}
