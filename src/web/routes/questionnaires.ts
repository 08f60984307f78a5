import {
  answeredCount, answersPath, blankAnswers, coerceAnswer, describeValue, expectedAnswerText, loadAnswersIfPresent, loadQuestionnaire, NOT_APPLICABLE, questionsOf, saveAnswers,
  type Question, type QuestionnaireDefinition,
} from '../../questionnaire/index.js';
import { localDate } from '../../tracker/index.js';
import type { AppParts, PageContext } from '../app.js';
import { text } from '../texts.js';

/**
 * Questionnaires answered in the browser write the very files `attt questionnaire fill` writes
 * (answers/<unit>/<questionnaire>.yaml, through the same validation and writer), one answer at
 * a time: each answer is saved before the next question shows, so a closed tab loses nothing.
 */
interface Assignment {
  unit: string;
  unitName: string;
  questionnaire: string;
  systems: string[];
}

function assignments(parts: AppParts, ctx: PageContext): Assignment[] {
  const inv = parts.config.inventory;
  if (!inv) return [];
  const out = new Map<string, Assignment>();
  for (const u of inv.units) {
    if (!parts.canSee(ctx, u.id)) continue;
    for (const s of u.systems) {
      for (const q of s.questionnaires) {
        const key = `${u.id}/${q}`;
        if (!out.has(key)) out.set(key, { unit: u.id, unitName: u.name, questionnaire: q, systems: [] });
        out.get(key)!.systems.push(s.name ?? s.id);
      }
    }
  }
  return [...out.values()];
}

function questionView(q: Question, value: unknown, lang: 'vi' | 'en') {
  const values = Array.isArray(value) ? value : [value];
  return {
    id: q.id,
    text: q.text[lang],
    help: q.help?.[lang],
    type: q.type,
    unit: q.unit?.[lang],
    min: q.min,
    max: q.max,
    expected: expectedAnswerText(q)[lang],
    naAllowed: q.notApplicableAllowed === true,
    isNa: value === NOT_APPLICABLE,
    isYes: value === true,
    isNo: value === false,
    raw: typeof value === 'string' || typeof value === 'number' ? (value === NOT_APPLICABLE ? '' : String(value)) : '',
    choices: (q.choices ?? []).map((c) => ({ value: c.value, label: c.label[lang], checked: values.includes(c.value) })),
    isBoolean: q.type === 'boolean',
    isChoice: q.type === 'choice',
    isMulti: q.type === 'multi-choice',
    isText: q.type === 'text',
    isDate: q.type === 'date',
    isNumber: q.type === 'integer' || q.type === 'number',
    step: q.type === 'integer' ? '1' : 'any',
  };
}

export function registerQuestionnaireRoutes(parts: AppParts): void {
  const { app, config } = parts;

  app.get('/questionnaires', async (req, reply) => {
    const ctx = req.attt!;
    const rows = assignments(parts, ctx).map((a) => {
      const def = loadQuestionnaire(a.questionnaire);
      const answers = config.answersDir ? loadAnswersIfPresent(answersPath(config.answersDir, a.unit, def.id), def) : undefined;
      return { ...a, title: def.title[req.lang], answered: answers ? answeredCount(def, answers) : 0, total: questionsOf(def).length };
    });
    return parts.page(req, reply, 'questionnaires', { title: text('questionnaires', req.lang), nav: 'questionnaires', rows, noInventory: !config.inventory });
  });

  /** The assignment named in the URL if the user may answer it; else null (404). */
  function assignmentOf(ctx: PageContext, unit: string, qid: string): { def: QuestionnaireDefinition; file: string } | null {
    if (!config.answersDir || !parts.canSee(ctx, unit)) return null;
    const a = assignments(parts, ctx).find((x) => x.unit === unit && x.questionnaire === qid);
    if (!a) return null;
    const def = loadQuestionnaire(qid);
    return { def, file: answersPath(config.answersDir, unit, def.id) };
  }

  app.get('/questionnaires/:unit/:qid', async (req, reply) => {
    const ctx = req.attt!;
    const { unit, qid } = req.params as { unit: string; qid: string };
    const found = assignmentOf(ctx, unit, qid);
    if (!found) return parts.refuse(req, reply, 404, 'notFound');
    const { def, file } = found;
    const answers = loadAnswersIfPresent(file, def) ?? blankAnswers(def, unit);
    const questions = questionsOf(def);
    const wanted = (req.query as { q?: string }).q;
    const answeredIds = new Set(questions.filter((q) => answers.answers[q.id] && answers.answers[q.id].value !== null).map((q) => q.id));
    const current = questions.find((q) => q.id === wanted) ?? questions.find((q) => !answeredIds.has(q.id)) ?? null;
    const entry = current ? answers.answers[current.id] : undefined;
    return parts.page(req, reply, 'questionnaire', {
      title: `${def.title[req.lang]} — ${unit}`,
      nav: 'questionnaires',
      unit,
      qid: def.id,
      answered: answeredIds.size,
      total: questions.length,
      question: current ? { ...questionView(current, entry?.value ?? null, req.lang), note: entry?.note ?? '', evidenceText: entry?.evidence ?? '', index: questions.indexOf(current) + 1 } : null,
      list: questions.map((q, i) => ({
        id: q.id,
        n: i + 1,
        text: q.text[req.lang],
        answer: answeredIds.has(q.id) ? describeValue(q, answers.answers[q.id].value)[req.lang] : null,
        current: q.id === current?.id,
      })),
      error: (req.query as { error?: string }).error === '1' ? text('badRequest', req.lang) : null,
    });
  });

  app.post('/questionnaires/:unit/:qid', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = req.attt!;
    const { unit, qid } = req.params as { unit: string; qid: string };
    const found = assignmentOf(ctx, unit, qid);
    if (!found) return parts.refuse(req, reply, 404, 'notFound');
    const { def, file } = found;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const q = questionsOf(def).find((x) => x.id === b.question);
    if (!q) return parts.refuse(req, reply, 400, 'badRequest');
    const base = `/questionnaires/${encodeURIComponent(unit)}/${encodeURIComponent(def.id)}`;
    if (b.skip !== undefined) {
      const qs = questionsOf(def);
      const next = qs[qs.indexOf(q) + 1];
      return reply.redirect(next ? `${base}?q=${encodeURIComponent(next.id)}` : base, 303);
    }
    let raw: unknown = b.na === '1' ? NOT_APPLICABLE : b.value;
    if (q.type === 'multi-choice' && raw !== NOT_APPLICABLE) raw = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const coerced = coerceAnswer(q, raw);
    if (!coerced.ok) return parts.refuse(req, reply, 400, 'badRequest', coerced.problem[req.lang]);
    const answers = loadAnswersIfPresent(file, def) ?? blankAnswers(def, unit);
    if (!answers.respondent) answers.respondent = { name: ctx.user.name, title: text(`role_${ctx.user.role}`, 'vi') };
    const note = typeof b.note === 'string' ? b.note.trim().slice(0, 2000) : '';
    const evidence = typeof b.evidence === 'string' ? b.evidence.trim().slice(0, 2000) : '';
    answers.answers[q.id] = { value: coerced.value, ...(note ? { note } : {}), ...(evidence ? { evidence } : {}) };
    answers.date = localDate(config.now());
    saveAnswers(file, def, answers, req.lang);
    return reply.redirect(base, 303);
  });
}
