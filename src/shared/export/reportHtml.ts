import { escapeHtml } from './escapeHtml.js'
import type { ImageSources } from './exportImages.js'
import type { Paper } from './exportFormat.js'
import { articleHtml, htmlPage } from './html.js'
import { EXPORT_DATE } from './documentDetails.js'
import { chapterBody, type NetworkStanding, type Report, type ReportGlance, reportAuthors, reportCities, standingText } from './report.js'

/** The heading of a report's opening page of a network's figures. */
export const GLANCE_TITLE = 'Network at a glance'

/** The id of a chapter's article: what the contents link to. */
export const chapterId = (index: number) => `chapter-${index + 1}`

/**
 * A report as one HTML page to print: a cover (title, network, date, the cities), the contents,
 * then each document as a chapter opening on a new page; opened, if asked, by a network at a glance. `pages` holds each chapter's first page,
 * once known (reportToPdf prints twice: Chromium cannot count pages for CSS's target-counter); until
 * then the contents leave their numbers blank, in a column as wide, so both prints lay out alike.
 * The chapters' images are shown from `images`.
 */
export function reportHtml(report: Report, stylesheet: string, paper: Paper, pages?: number[], images?: ImageSources): string {
  const cities = reportCities(report)
  const contents = report.chapters
    .map(
      ({ meta }, index) =>
        `<li><a href="#${chapterId(index)}"><span class="entry">${escapeHtml(meta.title)}</span><span class="leader"></span><span class="page">${pages?.[index] ?? ''}</span></a></li>`,
    )
    .join('\n')
  const content = `${report.glance ? glanceHtml(report.glance) : ''}<section class="cover">
${report.network ? `<p class="network">${escapeHtml(report.network)}</p>\n` : ''}<h1>${escapeHtml(report.title)}</h1>
<p class="compiled">${escapeHtml(EXPORT_DATE.format(new Date(report.compiledAt)))}</p>
${report.standings.map(standingHtml).join('\n')}
${cities.length ? `<h2>Cities</h2>\n<ul class="cities">${cities.map((city) => `<li>${escapeHtml(city)}</li>`).join('')}</ul>` : ''}
</section>
<nav class="contents">
<h2>Contents</h2>
<ol>
${contents}
</ol>
</nav>
${report.chapters.map(({ meta, body }, index) => articleHtml(meta, chapterBody(body), chapterId(index), images)).join('\n')}`
  return htmlPage({ title: report.title, language: 'en', authors: reportAuthors(report), stylesheet, paper }, content)
}

function standingHtml(standing: NetworkStanding): string {
  const { asOfLine, unsavedLine } = standingText(standing)
  const unsaved = unsavedLine
    ? `\n<p>${escapeHtml(unsavedLine)}</p>\n<ul>${standing.unsaved.map((title) => `<li>${escapeHtml(title)}</li>`).join('')}</ul>`
    : ''
  return `<div class="standing">\n<p>${escapeHtml(asOfLine)}</p>${unsaved}\n</div>`
}

/** The page that opens a report when asked: the network, its totals, and its charts as inline SVG (no file to fetch: the page's policy allows none). */
function glanceHtml({ network, summary, charts }: ReportGlance): string {
  const figures = charts.map(({ title, svg }) => `<figure class="chart">\n<figcaption>${escapeHtml(title)}</figcaption>\n${svg}\n</figure>`).join('\n')
  return `<section class="glance">
<p class="network">${escapeHtml(network)}</p>
<h1>${GLANCE_TITLE}</h1>
<p class="summary">${escapeHtml(summary)}</p>
${figures}
</section>
`
}
