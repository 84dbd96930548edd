export const DOCUMENT_KINDS = ['case-study', 'lessons-learned', 'workshop-notes'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

interface KindDefinition {
  label: string
  /** The section headings a new document of this kind starts with. */
  sections: readonly string[]
}

export const KINDS: Record<DocumentKind, KindDefinition> = {
  'case-study': {
    label: 'Case study',
    sections: [
      'Summary',
      'City context',
      'Challenge',
      'What was done',
      'Results and evidence',
      'Costs and funding',
      'Success and limiting factors',
      'Transferability',
      'Lessons learned',
      'Contacts',
    ],
  },
  'lessons-learned': {
    label: 'Lessons learned',
    sections: ['Event or project', 'What worked', 'What did not', 'Recommendations', 'Next steps'],
  },
  'workshop-notes': {
    label: 'Workshop notes',
    sections: ['Session', 'Participants', 'Discussion', 'Decisions', 'Actions'],
  },
}
