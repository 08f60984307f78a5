import fs from 'node:fs';
import path from 'node:path';
import { Document, LineCounter, isMap, isPair, isScalar, parseDocument, type Node, type Scalar } from 'yaml';
import { InputError } from '../errors.js';
import type { Lang, Localized } from '../i18n.js';
import { writeFileAtomic } from '../results/index.js';
import { questionsOf, type Question, type QuestionnaireDefinition } from './definition.js';
import { coerceAnswer, expectedAnswerText, isIsoDate, type AnswerValue } from './values.js';

/**
 * One unit's answers to one questionnaire: `answers/<unit>/<questionnaire>.yaml`. Each answer
 * is a plain value or `{value, note, evidence}` (evidence: where the proof is, e.g. a decision
 * number or a file name).
 */
export interface AnswerEntry {
  value: AnswerValue;
  note?: string;
  evidence?: string;
}

export interface AnswersFile {
  questionnaire: string;
  version: string;
  unit: string;
  respondent?: { name: string; title: string };
  /** Date the answers were given (YYYY-MM-DD). */
  date?: string;
  answers: Record<string, AnswerEntry>;
}

const UNIT_ID = /^[a-z0-9][a-z0-9-]*$/;
const TOP_KEYS = ['questionnaire', 'version', 'unit', 'respondent', 'date', 'answers'];
const ENTRY_KEYS = ['value', 'note', 'evidence'];

export function answersPath(answersDir: string, unit: string, questionnaireId: string): string {
  return path.join(answersDir, unit, `${questionnaireId}.yaml`);
}

export function isUnitId(value: string): boolean {
  return UNIT_ID.test(value);
}

export function blankAnswers(def: QuestionnaireDefinition, unit: string): AnswersFile {
  return { questionnaire: def.id, version: def.version, unit, answers: {} };
}

/** Number of questions with an answer (n/a counts: it is an answer). */
export function answeredCount(def: QuestionnaireDefinition, answers: AnswersFile): number {
  return questionsOf(def).filter((q) => answers.answers[q.id] && answers.answers[q.id].value !== null).length;
}

function answersError(code: string, text: Localized, details: string[] = []): InputError {
  return new InputError(code, text, { details });
}

export function wrongQuestionnaireError(file: string, found: string, def: QuestionnaireDefinition): InputError {
  return answersError('ATTT_ANSWERS_WRONG_QUESTIONNAIRE', {
    vi: `${file}: tệp trả lời cho bảng hỏi "${found}", không phải "${def.id}".`,
    en: `${file}: these are answers to questionnaire "${found}", not "${def.id}".`,
  });
}

export function wrongVersionError(file: string, found: string, def: QuestionnaireDefinition): InputError {
  return answersError('ATTT_ANSWERS_VERSION', {
    vi: `${file}: câu trả lời được viết cho phiên bản ${found} của bảng hỏi "${def.id}", nhưng phiên bản hiện tại là ${def.version}. Câu hỏi có thể đã thay đổi: hãy tạo mẫu mới ("attt questionnaire template ${def.id}") và chép lại câu trả lời, rồi đổi "version" thành ${def.version}.`,
    en: `${file}: the answers were written for version ${found} of questionnaire "${def.id}", but the current version is ${def.version}. Questions may have changed: make a new template ("attt questionnaire template ${def.id}"), copy the answers over and set "version" to ${def.version}.`,
  });
}

/**
 * Parse and validate an answers file against its definition. Every problem (YAML syntax, an
 * unknown question, a wrong type) is collected and reported with file, line and question id,
 * so nothing is dropped silently.
 */
export function parseAnswers(text: string, file: string, def: QuestionnaireDefinition): AnswersFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  if (doc.errors.length) {
    throw answersError(
      'ATTT_ANSWERS_INVALID',
      { vi: `Tệp trả lời ${file} không phải YAML hợp lệ:`, en: `Answers file ${file} is not valid YAML:` },
      doc.errors.map((e) => `${file}:${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`),
    );
  }
  const root = doc.contents;
  if (!isMap(root)) {
    throw answersError('ATTT_ANSWERS_INVALID', {
      vi: `Tệp trả lời ${file} phải là một bảng khóa–giá trị có questionnaire, version, unit, answers.`,
      en: `Answers file ${file} must be a mapping with questionnaire, version, unit, answers.`,
    });
  }
  const problems: string[] = [];
  const keyLine = (map: unknown, key: string): number => {
    if (isMap(map)) for (const item of map.items) if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return lineOf(item.key as Scalar);
    return lineOf(map as Node);
  };
  const top = doc.toJS() as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (!TOP_KEYS.includes(key)) problems.push(`${file}:${keyLine(root, key)}: unknown key "${key}" (allowed: ${TOP_KEYS.join(', ')})`);
  }
  const found = top.questionnaire === undefined || top.questionnaire === null ? '' : String(top.questionnaire);
  if (found !== def.id) throw wrongQuestionnaireError(file, found || '(none)', def);
  const version = top.version === undefined || top.version === null ? '' : String(top.version);
  if (version !== def.version) throw wrongVersionError(file, version || '(none)', def);

  const unit = typeof top.unit === 'string' ? top.unit : '';
  if (!isUnitId(unit)) problems.push(`${file}:${keyLine(root, 'unit')}: unit: expected a unit id such as van-phong, got ${JSON.stringify(top.unit ?? null)}`);

  let respondent: AnswersFile['respondent'];
  const r = top.respondent as Record<string, unknown> | null | undefined;
  if (r !== null && r !== undefined) {
    if (typeof r !== 'object' || Array.isArray(r)) problems.push(`${file}:${keyLine(root, 'respondent')}: respondent: expected {name, title}`);
    else {
      for (const k of Object.keys(r)) if (k !== 'name' && k !== 'title') problems.push(`${file}:${keyLine(root, 'respondent')}: respondent: unknown key "${k}" (allowed: name, title)`);
      const name = r.name === null || r.name === undefined ? '' : String(r.name).trim();
      const title = r.title === null || r.title === undefined ? '' : String(r.title).trim();
      if (name || title) respondent = { name, title };
    }
  }
  let date: string | undefined;
  if (top.date !== null && top.date !== undefined) {
    if (typeof top.date === 'string' && isIsoDate(top.date)) date = top.date;
    else problems.push(`${file}:${keyLine(root, 'date')}: date: expected YYYY-MM-DD, got ${JSON.stringify(top.date)}`);
  }

  const answers: Record<string, AnswerEntry> = {};
  const answersNode = doc.get('answers', true) as unknown;
  const rawAnswers = top.answers;
  if (rawAnswers !== null && rawAnswers !== undefined && (typeof rawAnswers !== 'object' || Array.isArray(rawAnswers))) {
    problems.push(`${file}:${keyLine(root, 'answers')}: answers: expected a mapping of question id → answer`);
  } else if (rawAnswers) {
    const questions = new Map(questionsOf(def).map((q) => [q.id, q]));
    for (const [questionId, raw] of Object.entries(rawAnswers as Record<string, unknown>)) {
      const at = `${file}:${keyLine(answersNode, questionId)}: question ${questionId}`;
      const q = questions.get(questionId);
      if (!q) {
        problems.push(`${at}: unknown question id for "${def.id}" ${def.version} (known: ${[...questions.keys()].join(', ')})`);
        continue;
      }
      const entry = parseEntry(q, raw, at, problems);
      // A blank answer is the same as no answer (the template lists every question blank).
      if (entry && (entry.value !== null || entry.note || entry.evidence)) answers[questionId] = entry;
    }
  }
  if (problems.length) {
    throw answersError(
      'ATTT_ANSWERS_INVALID',
      { vi: `Tệp trả lời ${file} có ${problems.length} lỗi; chưa câu trả lời nào bị bỏ qua, hãy sửa rồi chạy lại:`, en: `Answers file ${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}; no answer was skipped, fix them and run again:` },
      problems,
    );
  }
  return { questionnaire: def.id, version: def.version, unit, ...(respondent ? { respondent } : {}), ...(date ? { date } : {}), answers };
}

function parseEntry(q: Question, raw: unknown, at: string, problems: string[]): AnswerEntry | undefined {
  let value: unknown = raw;
  let note: string | undefined;
  let evidence: string | undefined;
  if (raw && typeof raw === 'object' && !Array.isArray(raw) && !(raw instanceof Date)) {
    const obj = raw as Record<string, unknown>;
    const unknownKeys = Object.keys(obj).filter((k) => !ENTRY_KEYS.includes(k));
    if (unknownKeys.length) {
      problems.push(`${at}: unknown key${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((k) => `"${k}"`).join(', ')} (an answer is a value or {value, note, evidence})`);
      return undefined;
    }
    value = obj.value;
    for (const [k, v] of [['note', obj.note], ['evidence', obj.evidence]] as const) {
      if (v === null || v === undefined) continue;
      if (typeof v !== 'string' && typeof v !== 'number') {
        problems.push(`${at}: ${k} must be a text`);
        return undefined;
      }
      if (k === 'note') note = String(v);
      else evidence = String(v);
    }
  }
  const coerced = coerceAnswer(q, value);
  if (!coerced.ok) {
    problems.push(`${at}: ${coerced.problem.en} / ${coerced.problem.vi}`);
    return undefined;
  }
  return { value: coerced.value, ...(note ? { note } : {}), ...(evidence ? { evidence } : {}) };
}

/** Read an answers file. Throws InputError naming the file (and line, question) on any problem. */
export function loadAnswers(file: string, def: QuestionnaireDefinition): AnswersFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw answersError('ATTT_ANSWERS_UNREADABLE', { vi: `Không đọc được tệp trả lời ${file} (${(error as NodeJS.ErrnoException).code ?? 'lỗi'}).`, en: `Cannot read answers file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).` });
  }
  return parseAnswers(text, file, def);
}

/** Read the answers file if it exists, else undefined. */
export function loadAnswersIfPresent(file: string, def: QuestionnaireDefinition): AnswersFile | undefined {
  return fs.existsSync(file) ? loadAnswers(file, def) : undefined;
}

function comment(lines: string[]): string {
  return lines.map((l) => ` ${l}`).join('\n');
}

/**
 * The answers file as commented YAML in one language: each question's text, help and the
 * expected answer are comments above its key, so the file explains itself. With no answers
 * this is the blank template.
 */
export function renderAnswers(def: QuestionnaireDefinition, answers: AnswersFile, lang: Lang): string {
  const t = (l: Localized) => l[lang];
  const entries: Record<string, unknown> = {};
  for (const q of questionsOf(def)) {
    const a = answers.answers[q.id];
    if (!a) entries[q.id] = null;
    else if (a.note || a.evidence) entries[q.id] = { value: a.value, ...(a.note ? { note: a.note } : {}), ...(a.evidence ? { evidence: a.evidence } : {}) };
    else entries[q.id] = a.value;
  }
  const doc = new Document({
    questionnaire: def.id,
    version: def.version,
    unit: answers.unit,
    respondent: { name: answers.respondent?.name ?? null, title: answers.respondent?.title ?? null },
    date: answers.date ?? null,
    answers: entries,
  });
  doc.commentBefore = comment(
    lang === 'vi'
      ? [
          `Bảng hỏi: ${def.title.vi} (${def.id}), phiên bản ${def.version}`,
          'Trả lời dưới mỗi câu hỏi; để trống nếu chưa có câu trả lời (sẽ được ghi nhận là "chưa trả lời", không bao giờ là "đạt").',
          'Có thể ghi kèm ghi chú và bằng chứng:  câu-hỏi: { value: ..., note: "...", evidence: "Quyết định số ..." }',
          'Không đổi questionnaire, version và mã câu hỏi.',
        ]
      : [
          `Questionnaire: ${def.title.en} (${def.id}), version ${def.version}`,
          'Answer under each question; leave blank what you cannot answer yet (recorded as "unanswered", never as a pass).',
          'You may add a note and evidence:  question-id: { value: ..., note: "...", evidence: "Decision no. ..." }',
          'Do not change questionnaire, version or the question ids.',
        ],
  );
  const respondentPair = (doc.contents as unknown as { items: Array<{ key: Scalar }> }).items.find((p) => p.key.value === 'respondent');
  if (respondentPair) respondentPair.key.commentBefore = comment([lang === 'vi' ? 'Người trả lời (họ tên, chức vụ) và ngày trả lời (YYYY-MM-DD)' : 'Respondent (name, title) and the date answered (YYYY-MM-DD)']);
  const answersMap = doc.get('answers', true);
  if (isMap(answersMap)) {
    let number = 0;
    const sectionOf = new Map<string, { index: number; title: string; first: boolean }>();
    def.sections.forEach((s, i) => s.questions.forEach((q, j) => sectionOf.set(q.id, { index: i + 1, title: t(s.title), first: j === 0 })));
    const byId = new Map(questionsOf(def).map((q) => [q.id, q]));
    for (const item of answersMap.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const q = byId.get(String(item.key.value))!;
      const section = sectionOf.get(q.id)!;
      number++;
      const lines: string[] = [];
      if (section.first) lines.push('', `── ${section.index}. ${section.title} ──`);
      lines.push('', `${number}. ${t(q.text)}`);
      if (q.help) lines.push(...wrap(t(q.help), 96).map((l) => `   ${l}`));
      lines.push(`   ${lang === 'vi' ? 'Trả lời' : 'Answer'}: ${t(expectedAnswerText(q))}${q.unit ? ` (${t(q.unit)})` : ''}`);
      if (q.choices) for (const c of q.choices) lines.push(`     ${c.value} = ${t(c.label)}`);
      item.key.commentBefore = comment(lines);
    }
  }
  return doc.toString({ nullStr: '', lineWidth: 0 });
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(line);
  }
  return out;
}

/** Write the answers atomically (temp file + rename), creating the unit folder. */
export function saveAnswers(file: string, def: QuestionnaireDefinition, answers: AnswersFile, lang: Lang = 'vi'): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, renderAnswers(def, answers, lang));
}
