import { existsSync, readFileSync, statSync } from 'node:fs'
import { execFile } from 'node:child_process'
import { lstat, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import mammoth from 'mammoth'
import * as Y from 'yjs'
import { Library } from '../../src/main/library/library.js'
import { MAGIC, encodeFile } from '../../src/main/library/frames.js'
import { buildDocument, newDocumentContent } from '../../src/shared/model/documentBody.js'
import { casebook, snapshotTree, type CliResult } from '../helpers/cli.js'
import { spawnChild, useChildren } from '../helpers/child.js'
import { docxParts } from '../helpers/docxParts.js'
import { expectUserError } from '../helpers/expectUserError.js'
import { readPdf } from '../helpers/pdf.js'
import { makeDocx } from '../helpers/makeDocx.js'
import { useTempDir } from '../helpers/tempDir.js'
import { writeCatalog } from '../helpers/catalogFile.js'
import { appendParagraph } from '../helpers/documents.js'
import { writeMeta } from '../../src/shared/model/document.js'
import { flipByte } from '../helpers/flipByte.js'
import { CASEBOOK_BIN } from '../helpers/casebookBin.js'

const FIXTURE = join(import.meta.dirname, '../fixtures/bogota-bike-lanes.md')

function expectOk(result: CliResult): string {
  expect(result.stderr, result.stderr).toBe('')
  expect(result.code).toBe(0)
  return result.stdout
}

describe('the casebook CLI', () => {
  const temp = useTempDir()
  useChildren()
  let data: string
  const run = (...args: string[]) => casebook([...args, '--data', data], { cwd: temp.path })
  beforeEach(() => {
    data = join(temp.path, 'data')
  })

  it('creates, lists and shows a document', async () => {
    const id = expectOk(await run('new', '--kind', 'case-study', '--title', 'Bus lanes in Lagos', '--city', 'Lagos', '--network', 'brt-network')).trim()
    expect(id).toMatch(/^[0-9a-f]{16}$/)

    const list = expectOk(await run('list'))
    expect(list).toMatch(/^ID\s+KIND\s+UPDATED\s+CITY\s+TITLE\n/)
    expect(list).toMatch(new RegExp(`${id}\\s+Case study\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+Lagos\\s+Bus lanes in Lagos`))

    const json = JSON.parse(expectOk(await run('list', '--json')))
    expect(json).toEqual([
      { id, meta: expect.objectContaining({ kind: 'case-study', title: 'Bus lanes in Lagos', city: 'Lagos', network: 'brt-network', status: 'draft' }) },
    ])

    const shown = expectOk(await run('show', id.slice(0, 6)))
    expect(shown).toContain('Title:   Bus lanes in Lagos\nKind:    Case study\nNetwork: brt-network\nCity:    Lagos\n')
    expect(shown).toContain(`ID:      ${id}`)
    expect(shown).toContain('Summary\n\nCity context\n\nChallenge')
    expect(shown.trimEnd().endsWith('Contacts')).toBe(true)
  })

  it('creates a document in the language asked for, English by default, and carries it through export and import', async () => {
    const id = expectOk(await run('new', '--kind', 'lessons-learned', '--title', 'Ciclovías', '--language', 'es')).trim()
    expect(expectOk(await run('show', id))).toContain('Evento o proyecto\n\nQué funcionó\n\nQué no funcionó\n\nRecomendaciones\n\nPróximos pasos')
    const markdown = expectOk(await run('export', id, '--format', 'md'))
    expect(markdown).toMatch(/^---\ntitle: Ciclovías\nkind: lessons-learned\nlanguage: es\n---\n\n## Evento o proyecto\n/)

    const file = join(temp.path, 'ciclovias.md')
    await writeFile(file, markdown)
    const [imported] = expectOk(await run('import', file)).split(/\s+/)
    const english = expectOk(await run('new', '--kind', 'workshop-notes', '--title', 'Kickoff')).trim()
    const languages = (JSON.parse(expectOk(await run('list', '--json'))) as { id: string; meta: { language?: string } }[]).map(({ id, meta }) => [
      id,
      meta.language,
    ])
    expect(Object.fromEntries(languages)).toEqual({ [id]: 'es', [imported!]: 'es', [english]: 'en' })
    expect(expectOk(await run('show', english))).toContain('Session\n\nParticipants')
    expectUserError(
      await run('new', '--kind', 'case-study', '--title', 'T', '--language', 'de'),
      /--language must be one of en, es, pt-BR, fr, zh-CN \(or a tag of one, such as es-MX\), not "de"\./,
    )
    expect(JSON.parse(expectOk(await run('list', '--json')))).toHaveLength(3)
  })

  it('takes any tag of a language it speaks for --language, in any case, and refuses Traditional Chinese', async () => {
    const languageOf = async (tag: string) => {
      const id = expectOk(await run('new', '--kind', 'case-study', '--title', tag, '--language', tag)).trim()
      return (JSON.parse(expectOk(await run('list', '--json'))) as { id: string; meta: { language?: string } }[]).find((summary) => summary.id === id)?.meta
        .language
    }
    expect(await languageOf('es-MX')).toBe('es')
    expect(await languageOf('zh-Hans')).toBe('zh-CN')
    expect(await languageOf('pt')).toBe('pt-BR')
    expect(await languageOf('FR-ca')).toBe('fr')
    expectUserError(await run('new', '--kind', 'case-study', '--title', 'T', '--language', 'zh-TW'), /--language must be one of .*not "zh-TW"\./)
  })

  it('lists, shows and exports a document whose language a newer Casebook added, as one with none', async () => {
    const id = expectOk(await run('new', '--kind', 'case-study', '--title', 'تقرير', '--city', 'Beirut')).trim()
    const library = await Library.open(data)
    const handle = await library.open(id)
    handle.doc.getMap('meta').set('language', 'ar')
    await library.close()

    expect(expectOk(await run('list'))).toContain('تقرير')
    const [listed] = JSON.parse(expectOk(await run('list', '--json'))) as { id: string; meta: Record<string, unknown> }[]
    expect(listed).toMatchObject({ id, meta: { title: 'تقرير', city: 'Beirut' } })
    expect(listed && 'language' in listed.meta).toBe(false)
    expect(expectOk(await run('show', id))).toContain('Title:   تقرير')
    expect(expectOk(await run('export', id, '--format', 'md'))).toMatch(/^---\ntitle: تقرير\nkind: case-study\ncity: Beirut\n---\n/)
  })

  it('reads without writing: list, show and export leave the library files untouched', async () => {
    const id = expectOk(await run('new', '--kind', 'case-study', '--title', 'Read only')).trim()
    const before = snapshotTree(data)
    const index = statSync(join(data, 'library', 'index.json')).mtimeMs
    expectOk(await run('list'))
    expectOk(await run('show', id))
    expectOk(await run('export', id, '--format', 'html'))
    expect(snapshotTree(data)).toEqual(before)
    expect(statSync(join(data, 'library', 'index.json')).mtimeMs).toBe(index)
  })

  it('reads the data directory from CASEBOOK_DATA, and --data wins over it', async () => {
    const fromEnv = join(temp.path, 'from-env')
    expectOk(await casebook(['new', '--kind', 'workshop-notes', '--title', 'Env'], { env: { CASEBOOK_DATA: fromEnv } }))
    expect(JSON.parse(expectOk(await casebook(['list', '--json'], { env: { CASEBOOK_DATA: fromEnv } })))).toHaveLength(1)
    expect(JSON.parse(expectOk(await casebook(['list', '--json', '--data', data], { env: { CASEBOOK_DATA: fromEnv } })))).toEqual([])
  })

  it('imports a Markdown case study keeping every construct, and exports the same text back', async () => {
    const output = expectOk(await run('import', FIXTURE, '--network', 'brt-network'))
    const [id] = output.split(/\s+/)
    expect(output).toContain("Ciclovías: Bogotá's protected bike lanes")
    const meta = JSON.parse(expectOk(await run('list', '--json')))[0].meta
    expect(meta).toMatchObject({
      title: "Ciclovías: Bogotá's protected bike lanes",
      kind: 'case-study',
      network: 'brt-network',
      city: 'Bogotá',
      topics: ['cycling', 'street design'],
    })

    const out = join(temp.path, 'export.md')
    expectOk(await run('export', id!, '--format', 'md', '--out', out))
    expect(await readFile(out, 'utf8')).toBe(await readFile(FIXTURE, 'utf8'))
    expect(expectOk(await run('export', id!, '--format', 'md'))).toBe(await readFile(FIXTURE, 'utf8'))
  })

  it('exports a standalone HTML page', async () => {
    const [id] = expectOk(await run('import', FIXTURE)).split(/\s+/)
    const out = join(temp.path, 'case.html')
    expectOk(await run('export', id!, '--out', out))
    const html = await readFile(out, 'utf8')
    expect(html).toContain('<title>Ciclovías: Bogotá&#39;s protected bike lanes</title>')
    expect(html).toContain('<h2>Results and evidence</h2>')
    expect(html).toMatch(/<td[^>]*><p>880,000<\/p><\/td>/)
    expect(html).toContain('font: 17px/1.65 Charter')
  })

  it('exports a Word file, whose text, headings and table read back', async () => {
    const [id] = expectOk(await run('import', FIXTURE)).split(/\s+/)
    const out = join(temp.path, 'case.docx')
    expectOk(await run('export', id!, '--out', out))
    const { value: html } = await mammoth.convertToHtml({ path: out })
    expect(html).toContain('<h2>Results and evidence</h2>')
    expect(html).toContain('<td><p>880,000</p></td>')
    expect(html).toContain('Bogotá built <strong>550 km</strong> of protected bike lanes')
    const [core] = await docxParts(await readFile(out), 'docProps/core.xml')
    expect(core).toContain('<dc:title>Ciclovías: Bogotá&apos;s protected bike lanes</dc:title>')
  })

  it('exports a PDF, tagged, with its sections and page numbers; without Chromium it says so, and writes nothing', async () => {
    const [id] = expectOk(await run('import', FIXTURE)).split(/\s+/)
    const out = join(temp.path, 'case.pdf')
    expectOk(await run('export', id!, '--out', out, '--paper', 'letter'))
    const read = await readPdf(await readFile(out))
    expect(read.tagged).toBe(true)
    expect(read.info).toMatchObject({ Title: "Ciclovías: Bogotá's protected bike lanes", Creator: 'Casebook' })
    expect(read.pages[0]).toMatch(/^Ciclovías: Bogotá's protected bike lanes KIND Case study CITY Bogotá NETWORK brt-network /)
    expect(read.pages.map((page) => / (\d+ \/ \d+)$/.exec(page)?.[1])).toEqual(read.pages.map((_, index) => `${index + 1} / ${read.pages.length}`))

    const missing = join(temp.path, 'missing.pdf')
    const without = await casebook(['export', id!, '--out', missing, '--data', data], {
      cwd: temp.path,
      env: { CHROMIUM_PATH: join(temp.path, 'no-chromium') },
    })
    expectUserError(without, /A PDF is printed by Chromium or Google Chrome, and neither was found: .* or export as DOCX or HTML instead\./)
    expect(existsSync(missing)).toBe(false)
  })

  it('imports a Word document', async () => {
    const docx = join(temp.path, 'kampung.docx')
    await writeFile(docx, await makeDocx())
    const [id] = expectOk(await run('import', docx)).split(/\s+/)
    const markdown = expectOk(await run('export', id!, '--format', 'md'))
    expect(markdown).toContain('title: Flood-proofing Jakarta’s kampungs\nkind: case-study\n')
    expect(markdown).toContain('## Summary\n\nResidents raised **1,200 homes** above flood level; see the [programme page](https://example.org/kampung).')
    expect(markdown).toContain('- Community mapping\n  - drone surveys\n- Raised floors')
    expect(markdown).toContain('1. Agree the budget\n2. Build with local crews')
    expect(markdown).toContain('| Year | Homes |')
    expect(markdown).toContain('| 2024 | 1,200 |')
  })

  it('shows and exports a network’s document as its catalog on this device has it: the status, and the version published unless --current', async () => {
    const id = expectOk(await run('new', '--kind', 'case-study', '--title', 'Lagos BRT', '--network', 'brt')).trim()
    const claiming = expectOk(await run('new', '--kind', 'case-study', '--title', 'Quito', '--network', 'brt')).trim()
    const library = await Library.open(data)
    const edit = async (document: string, text: string) => {
      const handle = await library.open(document)
      appendParagraph(handle.doc, text)
      writeMeta(handle.doc, { status: 'published' })
      await handle.close()
    }
    await edit(id, 'The text the network published')
    const published = await library.saveVersion(id, { label: 'Published', author: 'Fatima' }, 'published')
    await edit(id, 'Written since')
    await edit(claiming, 'Never published')
    await library.close()
    await writeCatalog(data, 'brt', [{ document: id, publishedVersion: published.id }])

    expect(expectOk(await run('show', id))).toMatch(/^Status:\s+published$/m)
    expect(expectOk(await run('show', claiming))).toMatch(/^Status:\s+draft$/m)
    const exported = expectOk(await run('export', id, '--format', 'md'))
    expect(exported).toContain('The text the network published')
    expect(exported).not.toContain('Written since')
    expect(expectOk(await run('export', id, '--format', 'md', '--current'))).toContain('Written since')
    expect(expectOk(await run('export', claiming, '--format', 'md'))).not.toMatch(/^status: published$/m)
  })

  it('saves and lists named versions, and shows one', async () => {
    const id = expectOk(await run('new', '--kind', 'lessons-learned', '--title', 'Heat week')).trim()
    const version = expectOk(await run('version', id, '--label', 'Sent to the network', '--author', 'Rosa')).trim()
    expect(version).toMatch(/^[0-9a-f]{20}$/)
    const versions = expectOk(await run('versions', id))
    expect(versions).toMatch(
      new RegExp(`^VERSION\\s+SAVED\\s+AUTHOR\\s+LABEL\\n${version}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+Rosa\\s+Sent to the network\\n$`),
    )
    const shown = expectOk(await run('show', id, '--version', version))
    expect(shown).toContain(`(version ${version})`)
    expect(shown).toContain('Event or project')
  })

  it('moves a document to the trash and restores it', async () => {
    const id = expectOk(await run('new', '--kind', 'case-study', '--title', 'Trash me')).trim()
    expect(expectOk(await run('trash', id))).toBe(`Moved ${id} to the trash.\n`)
    expect(expectOk(await run('list'))).toMatch(/^No documents yet/)
    expect(expectOk(await run('list', '--trash'))).toContain('Trash me')
    expect(expectOk(await run('restore', id))).toBe(`Restored ${id}.\n`)
    expect(expectOk(await run('list'))).toContain('Trash me')
  })

  describe('bad input: one clear line, a non-zero exit, and nothing written', () => {
    let id: string
    let before: Record<string, string>
    beforeEach(async () => {
      id = expectOk(await run('new', '--kind', 'case-study', '--title', 'Existing')).trim()
      before = snapshotTree(data)
    })
    const expectUnchanged = async () => {
      expect(snapshotTree(data)).toEqual(before)
      expect((await readdir(temp.path)).sort()).toEqual(['data'])
    }

    it.each([
      [['show', 'ffffffffffffffff'], /No document has the id "ffffffffffffffff"/],
      [['export', 'ffffffff', '--format', 'md', '--out', 'x.md'], /No document has the id "ffffffff"/],
      [['trash', 'nope'], /No document has the id "nope"/],
      [['restore', 'nope'], /No document in the trash has the id "nope"/],
      [['versions', 'nope'], /No document has the id "nope"/],
      [['version', 'nope', '--label', 'L'], /No document has the id "nope"/],
      [['import', 'missing.md'], /missing\.md: There is no such file\./],
      [['import', '.'], /: It is a folder, not a file\./],
      [['new', '--kind', 'blog', '--title', 'T'], /--kind must be one of case-study, lessons-learned, workshop-notes, not "blog"/],
      [['new', '--kind', 'case-study', '--title', '  '], /Invalid metadata: "title" must not be empty/],
      [['new', '--kind', 'case-study', '--title', ''], /--title needs a value/],
      [['new', '--kind', '--title', 'T'], /--kind needs a value\. Run casebook help new to see its options\./],
      [['show', 'IDPLACEHOLDER', '--version', ''], /--version needs a value/],
      [['show', 'IDPLACEHOLDER', '--version', '../../../etc/passwd'], /This document has no version "\.\.\/\.\.\/\.\.\/etc\/passwd"/],
      [['help', 'nosuch'], /There is no command "nosuch"/],
      [['new', '--kind', 'case-study', '--title', 'T', '--network', 'Not An Id'], /"network" must be a network id/],
      [['new', '--kind', 'case-study'], /new needs --title/],
      [['import', FIXTURE, '--network', 'BRT'], /--network must be a network id made of lowercase letters, digits and dashes, not "BRT"/],
      [['version', 'IDPLACEHOLDER', '--label', ' '], /Invalid version: "label" must not be empty/],
      [['export', 'IDPLACEHOLDER', '--out', 'missing-folder/x.md'], /Cannot write missing-folder\/x\.md: its folder does not exist/],
      [['export', 'IDPLACEHOLDER', '--out', 'x.odt'], /can write md, html, docx or pdf, not "odt"/],
      [['export', 'IDPLACEHOLDER', '--format', 'docx'], /A Word file cannot be shown in the terminal; say where to write it with --out FILE\./],
      [['export', 'IDPLACEHOLDER', '--format', 'pdf'], /A PDF cannot be shown in the terminal; say where to write it with --out FILE\./],
      [['export', 'IDPLACEHOLDER', '--out', 'x.pdf', '--paper', 'a5'], /--paper must be a4 or letter, not "a5"\./],
      [['frobnicate'], /There is no command "frobnicate"/],
      [['list', '--colour'], /list has no option --colour\. Run casebook help list to see its options\./],
    ])('%j', async (args, message) => {
      expectUserError(await run(...args.map((arg) => (arg === 'IDPLACEHOLDER' ? id : arg))), message)
      await expectUnchanged()
    })

    it.each([
      ['notes.pdf', Buffer.from('%PDF-1.7'), /notes\.pdf: Casebook imports Markdown \(\.md\) and Word \(\.docx\) files/],
      ['broken.docx', Buffer.from('this is not a zip file'), /broken\.docx: It is not a readable Word document/],
      ['latin1.md', Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a]), /latin1\.md: It is not UTF-8 text/],
      ['bad-yaml.md', Buffer.from('---\ntitle: [unclosed\n---\nText\n'), /bad-yaml\.md: Its front matter is not valid YAML/],
      ['bad-kind.md', Buffer.from('---\ntitle: T\nkind: blog-post\n---\nText\n'), /bad-kind\.md: Its front matter's "kind" must be one of/],
      ['bad-topics.md', Buffer.from('---\ntitle: T\ntopics: [ok, 7]\n---\nText\n'), /bad-topics\.md: Its front matter's "topics" \(entry 2\) must be text/],
    ])('importing %s', async (name, content, message) => {
      const inputs = join(temp.path, '..', `${temp.path.split('/').pop()}-inputs`)
      await mkdir(inputs, { recursive: true })
      try {
        await writeFile(join(inputs, name), content)
        expectUserError(await run('import', join(inputs, name)), message)
        await expectUnchanged()
        // In a batch, the bad file is named and the good one imported.
        const batch = await run('import', join(inputs, name), FIXTURE)
        expect(batch.code).toBe(1)
        const [refused, summary, ...rest] = batch.stderr.trimEnd().split('\n')
        expect(refused).toMatch(message)
        expect([summary, ...rest]).toEqual(['casebook: 1 of the 2 files was not imported; the other one was.'])
        expect(batch.stdout).toMatch(/^[0-9a-f]{16} {2}Ciclovías: Bogotá's protected bike lanes {2}\(from .*bogota-bike-lanes\.md\)\n$/)
      } finally {
        await rm(inputs, { recursive: true, force: true })
      }
    })

    it('a locked library names the process holding it', async () => {
      const holder = spawnChild('holdLibrary.ts', [data])
      await holder.waitForLine((line) => line === 'ready')
      const result = await run('list')
      expectUserError(result, new RegExp(`in use by another Casebook process \\(pid ${holder.process.pid} `))
      holder.process.kill('SIGKILL')
      await holder.exited
      // The dead process's lock does not block the next command.
      expect(expectOk(await run('list'))).toContain('Existing')
    })

    it('a damaged document is named, and the rest of the library still works', async () => {
      const snapshot = join(data, 'library', 'documents', id, 'snapshot')
      const bytes = await readFile(snapshot)
      flipByte(bytes, 1)
      await writeFile(snapshot, bytes)
      expectUserError(await run('show', id), new RegExp(`Document ${id} is damaged: its snapshot a record fails its checksum`))
      const list = await run('list')
      expect(list.code).toBe(0)
      expect(list.stderr).toBe(`casebook: ${id} is not listed: Document ${id} is damaged: its snapshot a record fails its checksum.\n`)
      expect(readFileSync(snapshot)).toEqual(bytes)
    })

    it('a library whose format file is damaged is refused', async () => {
      await writeFile(join(data, 'library', 'format.json'), '{{{')
      before = snapshotTree(data)
      expectUserError(await run('list'), /is damaged: its format\.json cannot be read/)
      await expectUnchanged()
    })
  })

  it('says nothing when its reader stops early', async () => {
    expectOk(await run('new', '--kind', 'case-study', '--title', 'Piped'))
    const piped = await new Promise<{ stderr: string; code: string }>((resolve) =>
      execFile(
        'bash',
        ['-c', `node ${JSON.stringify(CASEBOOK_BIN)} list --json --data ${JSON.stringify(data)} | true; echo "\${PIPESTATUS[0]}"`],
        (_error, stdout, stderr) => resolve({ stderr, code: stdout.trim() }),
      ),
    )
    expect(piped).toEqual({ stderr: '', code: '0' })
  })

  it('writes an export to a name near the length limit', async () => {
    const [id] = expectOk(await run('import', FIXTURE)).split(/\s+/)
    const long = join(temp.path, `${'n'.repeat(251)}.md`)
    expectOk(await run('export', id!, '--out', long))
    expect(await readFile(long, 'utf8')).toBe(await readFile(FIXTURE, 'utf8'))
  })

  it('refuses to replace an existing file without --force; with it, replaces the file and keeps its mode', async () => {
    const [id] = expectOk(await run('import', FIXTURE)).split(/\s+/)
    const out = join(temp.path, 'private.md')
    await writeFile(out, 'my notes', { mode: 0o600 })
    expectUserError(await run('export', id!, '--out', out), /private\.md already exists; add --force to replace it\./)
    expect(await readFile(out, 'utf8')).toBe('my notes')
    expectOk(await run('export', id!, '--out', out, '--force'))
    expect(await readFile(out, 'utf8')).toBe(await readFile(FIXTURE, 'utf8'))
    expect(statSync(out).mode & 0o777).toBe(0o600)
    expect((await readdir(temp.path)).sort()).toEqual(['data', 'private.md'])
  })

  it('refuses a symbolic link at the target, even with --force, and leaves the file it points to alone', async () => {
    const [id] = expectOk(await run('import', FIXTURE)).split(/\s+/)
    const target = join(temp.path, 'real.md')
    await writeFile(target, 'old')
    await symlink(target, join(temp.path, 'link.md'))
    await symlink(join(temp.path, 'nowhere.md'), join(temp.path, 'dangling.md'))
    for (const link of ['link.md', 'dangling.md']) {
      expectUserError(await run('export', id!, '--out', join(temp.path, link), '--force'), new RegExp(`Cannot write .*${link}: it is a symbolic link`))
      expect((await lstat(join(temp.path, link))).isSymbolicLink()).toBe(true)
    }
    expect(await readFile(target, 'utf8')).toBe('old')
    expect(existsSync(join(temp.path, 'nowhere.md'))).toBe(false)
  })

  it("refuses to write into the data directory, even by another path to it, and leaves the library's files alone", async () => {
    const [id] = expectOk(await run('import', FIXTURE)).split(/\s+/)
    const before = snapshotTree(data)
    await symlink(data, join(temp.path, 'alias'))
    for (const out of [join(data, 'library', 'index.json'), join(temp.path, 'alias', 'library', 'index.json'), join(temp.path, 'alias', 'new.md'), data]) {
      expectUserError(
        await run('export', id!, '--format', 'md', '--out', out, '--force'),
        /Cannot write .*: (it is inside Casebook's data directory|it is a folder)/,
      )
    }
    expect(snapshotTree(data)).toEqual(before)
  })

  it('shows and exports a document holding content from a newer Casebook, saying what it left out', async () => {
    const id = expectOk(await run('new', '--kind', 'workshop-notes', '--title', 'From the future')).trim()
    const library = await Library.open(data)
    const handle = await library.open(id)
    handle.doc.transact(() => {
      const body = handle.doc.getXmlFragment('body')
      const future = new Y.XmlElement('hologram')
      future.setAttribute('src', 'x')
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('Still readable')])
      body.insert(0, [future, paragraph])
    })
    await library.close()
    const shown = await run('show', id)
    expect(shown.code).toBe(0)
    expect(shown.stderr).toBe('casebook: left out what this version of Casebook cannot show: hologram.\n')
    expect(shown.stdout).toContain('Still readable')
    const html = await run('export', id, '--format', 'html')
    expect(html.code).toBe(0)
    expect(html.stdout).toContain('<p>Still readable</p>')
  })

  it('says when the disk is full, and leaves the library as it was', async () => {
    const id = expectOk(await run('new', '--kind', 'case-study', '--title', 'Before the disk filled')).trim()
    const before = snapshotTree(data)
    const full = (...args: string[]) =>
      casebook([...args, '--data', data], { cwd: temp.path, nodeArgs: ['--import', join(import.meta.dirname, '../helpers/diskFull.mjs')] })
    expectUserError(await full('new', '--kind', 'case-study', '--title', 'T'), /^casebook: Could not store the new document "T": the disk is full\.$/)
    expectUserError(await full('version', id, '--label', 'v1'), /^casebook: Could not save the version "v1": the disk is full\.$/)
    expectUserError(await full('export', id, '--out', join(temp.path, 'out.md')), /Cannot write .*out\.md: the disk is full\./)
    expect(snapshotTree(data)).toEqual(before)
    expect(existsSync(join(temp.path, 'out.md'))).toBe(false)
    // Reading still works on a full disk.
    expect(expectOk(await full('list'))).toContain('Before the disk filled')
  })

  it('moves versions saved by an older Casebook into the history, leaves an unreadable one where it was, and names a damaged history', async () => {
    const id = expectOk(await run('new', '--kind', 'case-study', '--title', 'Versions')).trim()
    const good = expectOk(await run('version', id, '--label', 'Good')).trim()
    const folder = join(data, 'library', 'documents', id)
    // As Casebook wrote named versions before they synced: a header frame, then the state.
    const old = buildDocument(
      id,
      newDocumentContent(
        { kind: 'case-study', title: 'Versions' },
        { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Words of the old version' }] }] },
      ),
    )
    const header = Buffer.from(JSON.stringify({ label: 'Before sync', author: 'Rosa', createdAt: '2026-01-05T12:00:00.000Z' }))
    await mkdir(join(folder, 'versions'))
    await writeFile(join(folder, 'versions', 'cccccccccc.version'), encodeFile(MAGIC.version, [header, Y.encodeStateAsUpdate(old)]))
    await writeFile(join(folder, 'versions', 'aaaaaaaaaa.version'), encodeFile(MAGIC.version, [header, Buffer.from('not a state')]))

    const listed = expectOk(await run('versions', id))
      .split('\n')
      .filter(Boolean)
    expect(listed).toHaveLength(3)
    expect(listed[1]).toMatch(/^[0-9a-f]{20}\s+2026-01-05 \d\d:\d\d\s+Rosa\s+Before sync$/)
    expect(listed[2]).toContain(good)
    expect(expectOk(await run('show', id, '--version', listed[1]!.slice(0, 20)))).toContain('Words of the old version')
    expect(await readdir(join(folder, 'versions'))).toEqual(['aaaaaaaaaa.version'])
    expect(
      expectOk(await run('versions', id))
        .split('\n')
        .filter(Boolean),
    ).toEqual(listed)

    await writeFile(join(folder, 'history'), flipByte(await readFile(join(folder, 'history')), 12))
    expectUserError(await run('versions', id), new RegExp(`The version history of document ${id} is damaged`))
    expectUserError(await run('version', id, '--label', 'Over a damaged one'), new RegExp(`The version history of document ${id} is damaged`))
  })

  it('a failing first command creates no data directory', async () => {
    expectUserError(await run('new', '--kind', 'nope', '--title', 'T'), /--kind must be one of/)
    expect(existsSync(data)).toBe(false)
  })

  it('refuses an empty --data rather than falling back to the default folder', async () => {
    expectUserError(await casebook(['list', '--data', ''], { env: { HOME: temp.path, XDG_CONFIG_HOME: temp.path } }), /--data needs a value/)
    expect(await readdir(temp.path)).toEqual([])
  })

  it('prints help, and help for one command', async () => {
    expect(expectOk(await casebook(['--help']))).toMatch(/^Casebook keeps .*\n\nUsage: casebook COMMAND/)
    expect(expectOk(await casebook([]))).toBe(expectOk(await casebook(['--help'])))
    expect(expectOk(await casebook(['--version']))).toMatch(/^\d+\.\d+\.\d+\n$/)
    expect(expectOk(await casebook(['help', 'import']))).toBe(
      'Usage: casebook import FILE… [--network ID] [--time-limit SECONDS] [--memory-limit MB]\n\n' +
        'Turn Markdown (.md) and Word (.docx) files into documents; print each new id. A file that cannot be imported is named, and the others are imported.\n\n' +
        'Options:\n' +
        '  --network ID          put every imported document in this network\n' +
        '  --time-limit SECONDS  stop importing a file that takes longer (default: 120)\n' +
        '  --memory-limit MB     stop importing a file that needs more memory (default: 1536)\n',
    )
    expect(expectOk(await casebook(['export', '--help']))).toMatch(/^Usage: casebook export ID/)
  })
})
