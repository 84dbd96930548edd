import type { DocumentStatus } from '../model/meta.js'

/**
 * The words a network's charts show, in the language they are shown in: the window gives them from
 * its catalog, the report and the command line in English. The charts' data is the network's; only
 * these are words of Casebook's.
 */
export interface ChartLabels {
  titles: { overTime: string; byStatus: string; mostAdapted: string; contributors: string }
  month: string
  created: string
  submitted: string
  published: string
  status: string
  documents: string
  caseStudy: string
  city: string
  adaptations: string
  adaptingCities: string
  contributors: string
  names: string
  /** The city of documents, people or adaptations that name none. */
  noCity: string
  /** A case study whose title this device does not hold. */
  untitled: string
  statuses: Record<DocumentStatus, string>
  /** A month (YYYY-MM) as an axis names it; tables keep YYYY-MM, which a spreadsheet sorts. */
  monthName: (month: string) => string
}

const ENGLISH_MONTH = new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' })

export const ENGLISH_CHART_LABELS: ChartLabels = {
  titles: {
    overTime: 'Documents per month',
    byStatus: 'Documents by status',
    mostAdapted: 'Most adapted case studies',
    contributors: 'Contributors per city',
  },
  month: 'Month',
  created: 'Created',
  submitted: 'Submitted',
  published: 'Published',
  status: 'Status',
  documents: 'Documents',
  caseStudy: 'Case study',
  city: 'City',
  adaptations: 'Adaptations',
  adaptingCities: 'Adapted by',
  contributors: 'Contributors',
  names: 'Names',
  noCity: 'No city',
  untitled: 'Untitled',
  statuses: { draft: 'Draft', submitted: 'Submitted', 'in-review': 'In review', published: 'Published', archived: 'Archived' },
  monthName: (month) => ENGLISH_MONTH.format(new Date(`${month}-01T00:00:00Z`)),
}
