import { LANGUAGES, type Language } from './languages.js'

/**
 * What each template section asks of its writer, in each language, by heading (see SECTIONS in
 * kinds.ts): shown in the section while it is empty.
 */
const HINTS: Record<Language, Record<string, string>> = {
  en: {
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
  },
  es: {
    Resumen: 'En tres o cuatro oraciones: qué hizo la ciudad y qué resultados obtuvo.',
    'Contexto de la ciudad': 'Población, gobernanza, clima y transporte: los datos que necesita un lector de otra ciudad.',
    Desafío: 'El problema que la ciudad se propuso resolver, con las cifras que lo hacían urgente.',
    'Qué se hizo': 'Las medidas adoptadas, en orden, y quién las llevó a cabo.',
    'Resultados y evidencia': 'Qué cambió, cómo se midió y en comparación con qué.',
    'Costos y financiamiento': 'Cuánto costó y quién lo pagó: presupuestos, préstamos, subvenciones, socios.',
    'Factores de éxito y limitaciones': 'Qué permitió que funcionara y qué lo frenó.',
    Transferibilidad: 'Qué necesitaría otra ciudad para hacer lo mismo.',
    'Lecciones aprendidas': 'Lo que usted le diría a una ciudad que empieza ahora.',
    Contactos: 'A quién consultar y cómo ponerse en contacto.',
    'Evento o proyecto': 'Qué ocurrió, cuándo y quiénes participaron.',
    'Qué funcionó': 'Las prácticas que vale la pena repetir.',
    'Qué no funcionó': 'Qué no dio el resultado esperado y por qué.',
    Recomendaciones: 'Qué debería cambiar la próxima vez.',
    'Próximos pasos': 'Quién hace qué y para cuándo.',
    Sesión: 'Título, fecha y objetivo de la sesión.',
    Participantes: 'Quiénes participaron y de qué ciudades.',
    Debate: 'Los principales temas planteados.',
    Decisiones: 'Lo que acordó el grupo.',
    Acciones: 'Quién hace qué y para cuándo.',
  },
  'pt-BR': {
    Resumo: 'Em três ou quatro frases: o que a cidade fez e o que resultou disso.',
    'Contexto da cidade': 'População, governança, clima e transporte: os dados de que um leitor de outra cidade precisa.',
    Desafio: 'O problema que a cidade se propôs a resolver, com os números que o tornavam urgente.',
    'O que foi feito': 'As medidas adotadas, em ordem, e quem as executou.',
    'Resultados e evidências': 'O que mudou, como foi medido e em comparação com quê.',
    'Custos e financiamento': 'Quanto custou e quem pagou: orçamentos, empréstimos, doações, parceiros.',
    'Fatores de sucesso e limitações': 'O que permitiu o sucesso e o que o limitou.',
    Transferibilidade: 'O que outra cidade precisaria para fazer o mesmo.',
    'Lições aprendidas': 'Os conselhos para uma cidade que está começando agora.',
    Contatos: 'A quem consultar e como entrar em contato.',
    'Evento ou projeto': 'O que aconteceu, quando e quem participou.',
    'O que funcionou': 'As práticas que vale a pena repetir.',
    'O que não funcionou': 'O que não deu o resultado esperado, e por quê.',
    Recomendações: 'O que deveria mudar da próxima vez.',
    'Próximos passos': 'Quem faz o quê, e até quando.',
    Sessão: 'Título, data e objetivo da sessão.',
    Participantes: 'Quem participou e de quais cidades.',
    Discussão: 'Os principais pontos levantados.',
    Decisões: 'O que o grupo decidiu.',
    Ações: 'Quem faz o quê, e até quando.',
  },
  fr: {
    Résumé: 'En trois ou quatre phrases : ce que la ville a fait, et ce qui en est ressorti.',
    'Contexte de la ville': 'Population, gouvernance, climat, transports : les données dont a besoin un lecteur d’une autre ville.',
    Défi: 'Le problème que la ville a voulu résoudre, et les chiffres qui le rendaient urgent.',
    'Actions menées': 'Les mesures prises, dans l’ordre, et qui les a mises en œuvre.',
    'Résultats et éléments probants': 'Ce qui a changé, comment cela a été mesuré, et par rapport à quoi.',
    'Coûts et financement': 'Ce que cela a coûté, et qui a payé : budgets, prêts, subventions, partenaires.',
    'Facteurs de réussite et freins': 'Ce qui a permis la réussite, et ce qui l’a freinée.',
    Transférabilité: 'Ce dont une autre ville aurait besoin pour faire de même.',
    'Enseignements tirés': 'Ce que vous diriez à une ville qui se lance aujourd’hui.',
    Contacts: 'Les personnes à consulter, et comment les joindre.',
    'Événement ou projet': 'Ce qui s’est passé, quand, et qui y a participé.',
    'Ce qui a fonctionné': 'Les pratiques à reproduire.',
    'Ce qui n’a pas fonctionné': 'Ce qui n’a pas donné les résultats attendus, et pourquoi.',
    Recommandations: 'Ce qu’il faudrait changer la prochaine fois.',
    'Prochaines étapes': 'Qui fait quoi, et pour quand.',
    Séance: 'Titre, date et objectif de la séance.',
    Participants: 'Qui a participé, et de quelles villes.',
    Échanges: 'Les principaux points abordés.',
    Décisions: 'Ce que le groupe a décidé.',
    Actions: 'Qui fait quoi, et pour quand.',
  },
  'zh-CN': {
    概要: '用三四句话说明：城市做了什么，取得了什么成果。',
    城市背景: '其他城市的读者需要了解的人口、治理、气候和交通情况。',
    挑战: '城市着手解决的问题，以及说明其紧迫性的数据。',
    采取的措施: '按先后顺序列出所采取的步骤及其执行者。',
    成果与证据: '发生了哪些变化，如何衡量，与什么相比较。',
    成本与资金: '花费多少，由谁出资：预算、贷款、赠款、合作伙伴。',
    成功因素与制约因素: '哪些因素促成了成功，哪些因素形成了制约。',
    可推广性: '其他城市要采取同样做法需要具备哪些条件。',
    经验教训: '您会给刚刚起步的城市哪些建议。',
    联系人: '可以咨询哪些人，以及如何联系他们。',
    活动或项目: '发生了什么、何时发生、有哪些人参与。',
    有效的做法: '值得继续沿用的做法。',
    不足之处: '哪些方面未达预期，原因是什么。',
    建议: '下次应当做出哪些改变。',
    后续步骤: '谁负责什么，何时完成。',
    会议概况: '会议的名称、日期和目的。',
    与会人员: '哪些人参加，来自哪些城市。',
    讨论要点: '提出的主要观点。',
    决定事项: '小组达成的共识。',
    行动事项: '谁负责什么，何时完成。',
  },
}

/** The hint for an empty paragraph outside any section, and for a section no template has. */
const GENERIC: Record<Language, { start: string; about: (heading: string) => string }> = {
  en: { start: 'Start writing…', about: (heading) => `Write about ${heading.toLowerCase()}…` },
  es: { start: 'Empiece a escribir…', about: (heading) => `Escriba sobre «${heading}»…` },
  'pt-BR': { start: 'Comece a escrever…', about: (heading) => `Escreva sobre “${heading}”…` },
  fr: { start: 'Commencez à écrire…', about: (heading) => `Écrivez sur « ${heading} »…` },
  'zh-CN': { start: '开始撰写……', about: (heading) => `请撰写“${heading}”的内容……` },
}

/**
 * The hint for an empty paragraph under a section heading. A template heading gets its own hint,
 * in the heading's language: `language`'s first, then any other's (a Spanish document keeps Spanish
 * hints whatever language the screens speak). Other sections get a generic hint in `language`.
 */
export function sectionHint(heading: string | undefined, language: Language = 'en'): string {
  if (heading === undefined) return GENERIC[language].start
  const hint = HINTS[language][heading] ?? LANGUAGES.map((other) => HINTS[other][heading]).find(Boolean)
  return hint ?? GENERIC[language].about(heading)
}
