/** What each template section asks of its writer: shown in the section while it is empty. */
const HINTS: Record<string, string> = {
  Summary: 'In three or four sentences: what the city did, and what came of it.',
  'City context': 'Population, governance, climate and transport facts a reader from another city needs.',
  Challenge: 'The problem the city set out to solve, with the numbers that made it urgent.',
  'What was done': 'The steps taken, in order, and who took them.',
  'Results and evidence': 'What changed, measured how, compared with what.',
  'Costs and funding': 'What it cost, and who paid: budgets, loans, grants, partners.',
  'Success and limiting factors': 'What made it work, and what held it back.',
  Transferability: 'What another city would need to do the same.',
  'Lessons learned': 'What you would tell a city starting now.',
  Contacts: 'Who to ask, and how to reach them.',
  'Event or project': 'What happened, when, and who took part.',
  'What worked': 'The practices worth repeating.',
  'What did not': 'What fell short, and why.',
  Recommendations: 'What should change next time.',
  'Next steps': 'Who does what, by when.',
  Session: 'The session’s title, date and aim.',
  Participants: 'Who took part, and from which cities.',
  Discussion: 'The main points raised.',
  Decisions: 'What the group agreed.',
  Actions: 'Who does what, by when.',
}

/** The hint for an empty paragraph under a section heading; other sections get a generic one. */
export function sectionHint(heading: string | undefined): string {
  if (heading === undefined) return 'Start writing…'
  return HINTS[heading] ?? `Write about ${heading.toLowerCase()}…`
}
