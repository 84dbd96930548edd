import { join } from 'node:path'
import { createDocument, joinNetwork, setProfile } from './support/pages.js'
import { expect, test } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 800 } })

test('a network is shown by the display name its invite carries, not by its id, and a newer invite renames it', async ({ page, processes }) => {
  const relay = await processes.relay()
  const { url } = await processes.shell()
  await page.goto(url)
  await setProfile(page, { name: 'Amara Okafor', city: 'Lagos' })
  const invite = (networkName: string) =>
    processes.invite(relay, { network: 'brt-network', networkName, role: 'facilitator', name: 'Amara Okafor', city: 'Lagos' })
  await joinNetwork(page, relay.url, invite('Bus Rapid Transit'))
  await expect(page.getByRole('status').filter({ hasText: 'You joined Bus Rapid Transit.' })).toBeVisible()

  // The networks screen: its heading, its list item, the members online and the dashboard's button.
  const networks = page.getByRole('list', { name: 'Joined networks' })
  const item = networks.getByRole('listitem', { name: 'Bus Rapid Transit' })
  await expect(item).toContainText('Online')
  await expect(item.getByRole('heading', { level: 2 })).toHaveText('Bus Rapid Transit')
  await expect(item.getByRole('list', { name: 'Online in Bus Rapid Transit' })).toContainText('Amara Okafor · Lagos')
  await expect(networks).not.toContainText('brt-network')
  await page.screenshot({ path: join('test-results', 'network-name-networks.png') })
  await item.getByRole('button', { name: 'Dashboard of Bus Rapid Transit' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard of Bus Rapid Transit' })).toBeVisible()

  // Shared in it by its name; the document's header names it so.
  await createDocument(page, { template: 'Case study', title: 'Lagos BRT', network: 'Bus Rapid Transit' })
  await expect(page.locator('.document-header .eyebrow')).toHaveText('Case study · Lagos · Bus Rapid Transit')

  // The library: the row's network column and the network filter.
  await page.getByRole('button', { name: 'Library' }).click()
  const table = page.getByRole('table', { name: 'Documents' })
  await expect(
    table
      .getByRole('row', { name: /Lagos BRT/ })
      .getByRole('cell')
      .nth(4),
  ).toHaveText('Bus Rapid Transit')
  await expect(table).not.toContainText('brt-network')
  const filter = page.getByRole('combobox', { name: 'Network' })
  await expect(filter.getByRole('option')).toHaveText(['All', 'Bus Rapid Transit'])
  await filter.selectOption({ label: 'Bus Rapid Transit' })
  await expect(table.getByRole('button', { name: 'Lagos BRT', exact: true })).toBeVisible()
  await page.screenshot({ path: join('test-results', 'network-name-library.png') })
  await page.getByRole('button', { name: 'Report…' }).click()
  await expect(page.getByRole('dialog', { name: 'New report' })).toContainText('Open with the network at a glance (Bus Rapid Transit)')
  await page.keyboard.press('Escape')

  // A newer invite for the same network, with another name, renames it everywhere.
  await joinNetwork(page, relay.url, invite('BRT Africa'))
  await expect(page.getByRole('status').filter({ hasText: 'You joined BRT Africa.' })).toBeVisible()
  await expect(networks.getByRole('listitem', { name: 'BRT Africa' }).getByRole('heading', { level: 2 })).toHaveText('BRT Africa')
  await expect(networks).not.toContainText('Bus Rapid Transit')
  await page.getByRole('button', { name: 'Library' }).click()
  await expect(
    table
      .getByRole('row', { name: /Lagos BRT/ })
      .getByRole('cell')
      .nth(4),
  ).toHaveText('BRT Africa')
})
