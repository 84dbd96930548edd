import { describe, expect, it } from 'vitest'
import { toHtml } from '../../../src/shared/export/html.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'

describe('HTML export', () => {
  const { meta, body } = newDocumentContent(
    { kind: 'case-study', title: 'Heat <plans> & "roofs"', city: 'Freetown', country: 'Sierra Leone', topics: ['heat'], authors: ['Aminata'] },
    {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Summary' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: '<script>alert(1)</script> and ' },
            { type: 'text', text: 'a link', marks: [{ type: 'link', attrs: { href: 'https://example.org/a?b=1&c=2' } }] },
          ],
        },
        {
          type: 'table',
          content: [{ type: 'tableRow', content: [{ type: 'tableHeader', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Year' }] }] }] }],
        },
      ],
    },
  )
  const html = toHtml(meta, body, 'body { color: #123456 }')

  it('is a complete page with the stylesheet inlined, which may load and run nothing else but the images it holds', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(html).toContain('<meta charset="utf-8">')
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`)
    expect(html).toContain('<style>\nbody { color: #123456 }\n@page { size: A4; }\n</style>')
    expect(html.trimEnd().endsWith('</html>')).toBe(true)
  })

  it('names the document’s language, English for one that names none', () => {
    const chinese = newDocumentContent({ kind: 'case-study', title: '北京快速公交', language: 'zh-CN' })
    expect(toHtml(chinese.meta, chinese.body, '')).toMatch(/^<!doctype html>\n<html lang="zh-CN">/)
    expect(toHtml(chinese.meta, chinese.body, '')).toContain('<h2>城市背景</h2>')
  })

  it('heads the page with the title and the document’s details, escaped', () => {
    expect(html).toContain('<title>Heat &#60;plans&#62; &#38; &#34;roofs&#34;</title>')
    expect(html).toContain('<meta name="author" content="Aminata">')
    expect(html).toContain('<h1>Heat &#60;plans&#62; &#38; &#34;roofs&#34;</h1>')
    const details = [...html.matchAll(/<div><dt>([^<]*)<\/dt><dd>([^<]*)<\/dd><\/div>/g)].map(([, label, value]) => `${label}: ${value}`)
    expect(details).toEqual([
      'Kind: Case study',
      'City: Freetown',
      'Country: Sierra Leone',
      'Authors: Aminata',
      'Topics: heat',
      'Status: Draft',
      `Updated: ${new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(meta.updatedAt))}`,
    ])
    const escaped = newDocumentContent({ kind: 'case-study', title: 'T', city: '<b>Lagos</b> & "Ikeja"' })
    expect(toHtml(escaped.meta, escaped.body, '')).toContain('<dt>City</dt><dd>&#60;b&#62;Lagos&#60;/b&#62; &#38; &#34;Ikeja&#34;</dd>')
  })

  it('is laid out for A4 paper when printed, or for Letter', () => {
    expect(html).toContain('@page { size: A4; }')
    expect(toHtml(meta, body, '', 'letter')).toContain('@page { size: letter; }')
  })

  it('renders the body with text escaped', () => {
    expect(html).toContain('<h2>Summary</h2>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; and ')
    expect(html).not.toContain('<script>')
    expect(html).toMatch(/<a [^>]*href="https:\/\/example.org\/a\?b=1&amp;c=2"[^>]*>a link<\/a>/)
    expect(html).toMatch(/<th[^>]*><p>Year<\/p><\/th>/)
  })
})
