import { body, createDocument, openDocument, section, setProfile } from './support/pages.js'
import { expect, test } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 800 } })

test('(a) a case study written with no relay is all there after the shell restarts', async ({ page, processes }, testInfo) => {
  const shell = await processes.shell()
  await page.goto(shell.url)
  await setProfile(page, { name: 'Amara Okafor', city: 'Lagos' })
  await createDocument(page, { template: 'Case study', title: 'Lagos bus rapid transit' })
  // Each empty section says what it asks for.
  await expect(section(page, 'Challenge')).toHaveAttribute('data-placeholder', 'The problem the city set out to solve, with the numbers that made it urgent.')

  await section(page, 'Summary').click()
  await page.keyboard.type('Lagos opened Africa’s first BRT corridor in 2008.')
  await expect(section(page, 'Summary')).not.toHaveAttribute('data-placeholder')
  await section(page, 'Challenge').click()
  await page.keyboard.type('Two hours each way on the Ikorodu road.')
  await section(page, 'Results and evidence').click()
  await page.keyboard.type('Journey times fell by a third.')

  const details = page.getByRole('complementary', { name: 'Document details' })
  await details.getByLabel('City').fill('Lagos')
  await details.getByLabel('Country').fill('Nigeria')
  await details.getByLabel('Topics').fill('bus rapid transit, congestion')
  await details.getByLabel('Status').selectOption('In review')
  // An invalid value shows beside its field, and is not saved.
  await details.getByLabel('Title').fill('')
  await details.getByLabel('Country').click()
  await expect(details.getByRole('alert')).toHaveText('Title must not be empty.')
  await details.getByLabel('Title').fill('Lagos BRT: the first corridor')
  await details.getByLabel('Authors').click()
  await expect(details.getByRole('alert')).toHaveCount(0)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lagos BRT: the first corridor')

  await page.getByRole('button', { name: 'Library' }).click()
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('row').nth(1)).toContainText('Only on this device')
  await page.screenshot({ path: testInfo.outputPath('library.png') })

  await shell.stop()
  const again = await processes.shell(shell.dataDir)
  await page.goto(again.url)
  await openDocument(page, 'Lagos BRT: the first corridor')
  await expect(section(page, 'Summary')).toHaveText('Lagos opened Africa’s first BRT corridor in 2008.')
  await expect(section(page, 'Challenge')).toHaveText('Two hours each way on the Ikorodu road.')
  await expect(section(page, 'Results and evidence')).toHaveText('Journey times fell by a third.')
  const reopened = page.getByRole('complementary', { name: 'Document details' })
  await expect(reopened.getByLabel('City')).toHaveValue('Lagos')
  await expect(reopened.getByLabel('Country')).toHaveValue('Nigeria')
  await expect(reopened.getByLabel('Topics')).toHaveValue('bus rapid transit, congestion')
  await expect(reopened.getByLabel('Status')).toHaveValue('in-review')
  await expect(reopened.getByLabel('Authors')).toHaveValue('Amara Okafor')
  await expect(body(page).locator('h2')).toHaveCount(10)
})

test('(f) search finds a document by a word in its body, with no relay', async ({ page, processes }) => {
  const shell = await processes.shell()
  await page.goto(shell.url)
  await createDocument(page, { template: 'Lessons learned', title: 'Cycle lanes in Paris' })
  await section(page, 'What worked').click()
  await page.keyboard.type('Pop-up lanes drawn with yellow tape in a weekend.')
  await createDocument(page, { template: 'Workshop notes', title: 'Heat plans workshop' })
  await section(page, 'Discussion').click()
  await page.keyboard.type('Cooling centres and tree cover.')

  // Ctrl+K goes to the library's search box from anywhere.
  await page.keyboard.press('Control+k')
  await expect(page.getByRole('searchbox', { name: 'Search documents' })).toBeFocused()
  await page.keyboard.type('tape')
  const table = page.getByRole('table', { name: 'Documents' })
  await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('1 document found')
  await expect(table.getByRole('button', { name: 'Cycle lanes in Paris', exact: true })).toBeVisible()
  await page.getByRole('searchbox', { name: 'Search documents' }).fill('cooling')
  await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('1 document found')
  await expect(table.getByRole('button', { name: 'Heat plans workshop', exact: true })).toBeVisible()
  await page.getByRole('searchbox', { name: 'Search documents' }).fill('bicycle')
  await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('0 documents found')

  // Alt+1 opens the first document listed; Alt+N starts a new one.
  await page.getByRole('searchbox', { name: 'Search documents' }).fill('')
  await expect(page.getByRole('status').filter({ hasText: 'documents' })).toHaveText('2 documents')
  await page.keyboard.press('Alt+1')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Heat plans workshop')
  await page.keyboard.press('Alt+n')
  await expect(page.getByRole('dialog', { name: 'New document' })).toBeVisible()
  await expect(page.getByRole('dialog', { name: 'New document' }).getByLabel('Title')).toBeFocused()
  await page.keyboard.press('Escape')

  // Trash, and restore.
  await page.keyboard.press('Alt+l')
  const documents = page.getByRole('table', { name: 'Documents' })
  await documents.getByRole('button', { name: 'Move Cycle lanes in Paris to the trash' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'document' })).toHaveText('1 document')
  await page.getByRole('button', { name: 'Trash', exact: true }).click()
  const trash = page.getByRole('table', { name: 'Documents in the trash' })
  await expect(trash.getByRole('row')).toHaveCount(2)
  await trash.getByRole('button', { name: 'Restore Cycle lanes in Paris' }).click()
  await expect(trash.getByRole('row')).toHaveCount(1)
  await page.getByRole('button', { name: 'Documents', exact: true }).click()
  await expect(documents.getByRole('button', { name: 'Cycle lanes in Paris', exact: true })).toBeVisible()
})

test('the layout fits 1280×800 and 1920×1080 without scrolling sideways', async ({ page, processes }, testInfo) => {
  const shell = await processes.shell()
  await page.goto(shell.url)
  await createDocument(page, { template: 'Case study', title: 'Rotterdam water squares' })
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height })
    const overflow = await page.locator('html').evaluate((root) => root.scrollWidth - root.clientWidth)
    expect(overflow, `${width}×${height}`).toBe(0)
    await expect(page.getByRole('complementary', { name: 'Document details' })).toBeInViewport()
    await expect(page.getByRole('toolbar', { name: 'Formatting' })).toBeInViewport()
    await page.screenshot({ path: testInfo.outputPath(`editor-${width}x${height}.png`) })
  }
})
