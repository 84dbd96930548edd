import type { Language } from './languages.js'

export const DOCUMENT_KINDS = ['case-study', 'lessons-learned', 'workshop-notes'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

/**
 * The section headings a new document of each kind starts with, in each language. Every language
 * has the same sections in the same order (tests/unit/model/templates.test.ts checks it); the terms
 * follow docs/GLOSSARY.md.
 */
export const SECTIONS: Record<Language, Record<DocumentKind, readonly string[]>> = {
  en: {
    'case-study': [
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
    'lessons-learned': ['Event or project', 'What worked', 'What did not', 'Recommendations', 'Next steps'],
    'workshop-notes': ['Session', 'Participants', 'Discussion', 'Decisions', 'Actions'],
  },
  es: {
    'case-study': [
      'Resumen',
      'Contexto de la ciudad',
      'Desafío',
      'Qué se hizo',
      'Resultados y evidencia',
      'Costos y financiamiento',
      'Factores de éxito y limitaciones',
      'Transferibilidad',
      'Lecciones aprendidas',
      'Contactos',
    ],
    'lessons-learned': ['Evento o proyecto', 'Qué funcionó', 'Qué no funcionó', 'Recomendaciones', 'Próximos pasos'],
    'workshop-notes': ['Sesión', 'Participantes', 'Debate', 'Decisiones', 'Acciones'],
  },
  'pt-BR': {
    'case-study': [
      'Resumo',
      'Contexto da cidade',
      'Desafio',
      'O que foi feito',
      'Resultados e evidências',
      'Custos e financiamento',
      'Fatores de sucesso e limitações',
      'Transferibilidade',
      'Lições aprendidas',
      'Contatos',
    ],
    'lessons-learned': ['Evento ou projeto', 'O que funcionou', 'O que não funcionou', 'Recomendações', 'Próximos passos'],
    'workshop-notes': ['Sessão', 'Participantes', 'Discussão', 'Decisões', 'Ações'],
  },
  fr: {
    'case-study': [
      'Résumé',
      'Contexte de la ville',
      'Défi',
      'Actions menées',
      'Résultats et éléments probants',
      'Coûts et financement',
      'Facteurs de réussite et freins',
      'Transférabilité',
      'Enseignements tirés',
      'Contacts',
    ],
    'lessons-learned': ['Événement ou projet', 'Ce qui a fonctionné', 'Ce qui n’a pas fonctionné', 'Recommandations', 'Prochaines étapes'],
    'workshop-notes': ['Séance', 'Participants', 'Échanges', 'Décisions', 'Actions'],
  },
  'zh-CN': {
    'case-study': ['概要', '城市背景', '挑战', '采取的措施', '成果与证据', '成本与资金', '成功因素与制约因素', '可推广性', '经验教训', '联系人'],
    'lessons-learned': ['活动或项目', '有效的做法', '不足之处', '建议', '后续步骤'],
    'workshop-notes': ['会议概况', '与会人员', '讨论要点', '决定事项', '行动事项'],
  },
}

interface KindDefinition {
  label: string
  /** The section headings a new English document of this kind starts with. */
  sections: readonly string[]
}

/** The kinds as the CLI and English exports name them. */
export const KINDS: Record<DocumentKind, KindDefinition> = {
  'case-study': { label: 'Case study', sections: SECTIONS.en['case-study'] },
  'lessons-learned': { label: 'Lessons learned', sections: SECTIONS.en['lessons-learned'] },
  'workshop-notes': { label: 'Workshop notes', sections: SECTIONS.en['workshop-notes'] },
}
