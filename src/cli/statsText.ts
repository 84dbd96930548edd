import type { Activity, NetworkStats } from '../shared/model/networkStats.js'
import { shortDate, table } from './format.js'

const NO_CITY = '(no city)'
const cityName = (city: string) => city || NO_CITY

/** A network's figures as `casebook stats` prints them: the dashboard's sections, each a plain table. */
export function statsText(stats: NetworkStats): string {
  const counts = (list: { key: string; count: number }[], name = (key: string) => key) => list.map(({ key, count }) => [name(key), String(count)])
  const sections: [string, string[], string[][]][] = [
    ['Documents by status', ['STATUS', 'DOCUMENTS'], counts(stats.byStatus)],
    ['Documents by kind', ['KIND', 'DOCUMENTS'], counts(stats.byKind)],
    ['Documents by city', ['CITY', 'DOCUMENTS'], counts(stats.byCity, cityName)],
    ['Documents by topic', ['TOPIC', 'DOCUMENTS'], counts(stats.byTopic)],
    [
      'Contributors per city',
      ['CITY', 'CONTRIBUTORS', 'NAMES'],
      stats.contributors.map(({ city, names }) => [cityName(city), String(names.length), names.join(', ')]),
    ],
    [
      'Per month',
      ['MONTH', 'CREATED', 'SUBMITTED', 'PUBLISHED', 'ADAPTED'],
      stats.months.map(({ month, created, submitted, published, adapted }) => [month, ...[created, submitted, published, adapted].map(String)]),
    ],
    [
      'Most adapted',
      ['ID', 'ADAPTATIONS', 'CITY', 'TITLE', 'ADAPTED BY'],
      stats.mostAdapted.map(({ id, adaptations, city, title, cities }) => [id, String(adaptations), cityName(city), title, cities.map(cityName).join(', ')]),
    ],
    [
      'Recent activity',
      ['WHEN', 'WHAT', 'BY', 'ID', 'TITLE'],
      stats.activity.map((activity) => [
        shortDate(activity.at),
        what(activity),
        activity.kind === 'adapted' ? cityName(activity.by) : activity.by,
        activity.document,
        activity.title,
      ]),
    ],
  ]
  const adaptations = `${stats.adaptations} adaptation${stats.adaptations === 1 ? '' : 's'}`
  return [
    `Network ${stats.network}: ${stats.documents} document${stats.documents === 1 ? '' : 's'}, ${adaptations}`,
    ...sections.map(([title, headers, rows]) => `${title}\n${rows.length ? table(headers, rows) : 'None yet.'}`),
  ].join('\n\n')
}

function what(activity: Activity): string {
  return activity.kind === 'decided' ? `moved to ${activity.status ?? ''}` : activity.kind
}
