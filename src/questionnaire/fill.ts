import { checkbox, input, select } from '@inquirer/prompts';
import { InputError } from '../errors.js';
import { localDate, type Lang } from '../i18n.js';
import { answeredCount, answersPath, blankAnswers, loadAnswersIfPresent, saveAnswers, type AnswersFile } from './answers.js';
import { questionsOf, type Question, type QuestionnaireDefinition } from './definition.js';
import { coerceAnswer, describeValue, expectedAnswerText, NOT_APPLICABLE, type AnswerValue } from './values.js';

/** Streams the prompts read keys from and draw on (a terminal, or test streams). */
export interface PromptIo {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export interface FillOptions {
  definition: QuestionnaireDefinition;
  unit: string;
  /** The answers folder (answers/<unit>/<questionnaire>.yaml inside it). */
  answersDir: string;
  lang: Lang;
  /** Ask every question again (current answers as defaults), not only the unanswered ones. */
  review?: boolean;
  /** Also ask for a note and evidence after each answer. */
  withNotes?: boolean;
  io?: PromptIo;
  signal?: AbortSignal;
  /** The date written to the file (default today). */
  today?: () => string;
}

export interface FillOutcome {
  file: string;
  answered: number;
  total: number;
  /** The user stopped (Ctrl-C) before the end; what was answered is saved. */
  stopped: boolean;
  answers: AnswersFile;
}

/** Marks a skipped question in the prompts ("answer later"). */
const SKIP = '\u0000skip';

function isPromptExit(error: unknown): boolean {
  const name = (error as Error)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}

/**
 * Ask the questions one by one, validating each answer with the same rules as the answers
 * file and the spreadsheet, and save after every answer so nothing typed is lost. Run again,
 * it resumes at the first unanswered question.
 */
export async function fillQuestionnaire(opts: FillOptions): Promise<FillOutcome> {
  const def = opts.definition;
  const lang = opts.lang;
  const t = (l: { vi: string; en: string }) => l[lang];
  const file = answersPath(opts.answersDir, opts.unit, def.id);
  const answers = loadAnswersIfPresent(file, def) ?? blankAnswers(def, opts.unit);
  if (answers.unit !== opts.unit) {
    throw new InputError('ATTT_ANSWERS_WRONG_UNIT', {
      vi: `${file}: tệp trả lời ghi đơn vị "${answers.unit}", không phải "${opts.unit}".`,
      en: `${file}: the answers name unit "${answers.unit}", not "${opts.unit}".`,
    });
  }
  const context = { input: opts.io?.input, output: opts.io?.output, signal: opts.signal };
  const write = (text: string) => (opts.io?.output ?? process.stdout).write(`${text}\n`);
  // The day in the run's time zone (--tz, Vietnam time by default), not UTC's: answers typed at
  // 06:00 in Hà Nội are dated that day.
  const today = opts.today ?? (() => localDate(new Date()));
  const save = () => {
    answers.date = today();
    saveAnswers(file, def, answers, lang);
  };
  const questions = questionsOf(def);
  const outcome = (stopped: boolean): FillOutcome => ({ file, answered: answeredCount(def, answers), total: questions.length, stopped, answers });

  try {
    const done = answeredCount(def, answers);
    write(`${t(def.title)} (${def.id} ${def.version}) — ${opts.unit}`);
    if (done > 0 && !opts.review) write(lang === 'vi' ? `Tiếp tục: đã trả lời ${done}/${questions.length} câu.` : `Resuming: ${done}/${questions.length} answered.`);
    write(lang === 'vi' ? `Câu trả lời được lưu sau mỗi câu vào ${file}; nhấn Ctrl-C để dừng, chạy lại để tiếp tục.` : `Each answer is saved to ${file}; press Ctrl-C to stop, run again to resume.`);

    if (!answers.respondent || !answers.respondent.name || !answers.respondent.title) {
      const name = await input({ message: lang === 'vi' ? 'Họ tên người trả lời:' : 'Respondent name:', default: answers.respondent?.name, required: true }, context);
      const title = await input({ message: lang === 'vi' ? 'Chức vụ:' : 'Title:', default: answers.respondent?.title, required: true }, context);
      answers.respondent = { name: name.trim(), title: title.trim() };
      save();
    }

    let number = 0;
    for (const section of def.sections) {
      let headerShown = false;
      for (const q of section.questions) {
        number++;
        const current = answers.answers[q.id];
        if (!opts.review && current && current.value !== null) continue;
        if (!headerShown) {
          write(`\n── ${t(section.title)} ──`);
          headerShown = true;
        }
        write(`\n${number}/${questions.length}. ${t(q.text)}`);
        if (q.help) write(`   ${t(q.help)}`);
        const value = await askValue(q, current?.value ?? null, lang, context);
        if (value === SKIP) continue;
        const entry = { ...(current ?? {}), value };
        if (opts.withNotes) {
          const note = await input({ message: lang === 'vi' ? 'Ghi chú (Enter để bỏ qua):' : 'Note (Enter to skip):', default: current?.note }, context);
          const evidence = await input({ message: lang === 'vi' ? 'Bằng chứng, ví dụ số văn bản (Enter để bỏ qua):' : 'Evidence, e.g. a document number (Enter to skip):', default: current?.evidence }, context);
          if (note.trim()) entry.note = note.trim();
          else delete entry.note;
          if (evidence.trim()) entry.evidence = evidence.trim();
          else delete entry.evidence;
        }
        answers.answers[q.id] = entry;
        save();
      }
      if (headerShown) write(sectionSummary(section.questions, answers, lang));
    }
    return outcome(false);
  } catch (error) {
    if (isPromptExit(error)) return outcome(true);
    throw error;
  }
}

/** After a section: how many of its questions are answered, and which are left (by number in the section). */
function sectionSummary(questions: readonly Question[], answers: AnswersFile, lang: Lang): string {
  const left = questions.map((q, i) => ({ q, n: i + 1 })).filter(({ q }) => !answers.answers[q.id] || answers.answers[q.id].value === null);
  const done = questions.length - left.length;
  const rest = left.map((x) => x.q.id).join(', ');
  return lang === 'vi'
    ? `   ✔ Phần này: đã trả lời ${done}/${questions.length}${left.length ? `; còn lại ${left.length}: ${rest}` : '; đủ cả phần'}.`
    : `   ✔ This section: ${done}/${questions.length} answered${left.length ? `; ${left.length} left: ${rest}` : '; section complete'}.`;
}

type PromptContext = { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream; signal?: AbortSignal };

async function askValue(q: Question, current: AnswerValue, lang: Lang, context: PromptContext): Promise<AnswerValue | typeof SKIP> {
  const skipChoice = { name: lang === 'vi' ? '(Bỏ qua, trả lời sau)' : '(Skip, answer later)', value: SKIP };
  const naChoice = q.notApplicableAllowed ? [{ name: lang === 'vi' ? 'Không áp dụng' : 'Not applicable', value: NOT_APPLICABLE }] : [];
  const message = lang === 'vi' ? 'Trả lời:' : 'Answer:';
  if (q.type === 'boolean' || q.type === 'choice') {
    const choices: Array<{ name: string; value: string | boolean }> =
      q.type === 'boolean'
        ? [{ name: lang === 'vi' ? 'Có' : 'Yes', value: true }, { name: lang === 'vi' ? 'Không' : 'No', value: false }]
        : q.choices!.map((c) => ({ name: c.label[lang], value: c.value }));
    // With no answer yet the cursor starts on "skip": pressing Enter must never answer for the user.
    const ordered = current === null || current === undefined ? [skipChoice, ...choices, ...naChoice] : [...choices, ...naChoice, skipChoice];
    const picked = await select<string | boolean>({ message, choices: ordered, default: current ?? SKIP, loop: false }, context);
    return picked as AnswerValue | typeof SKIP;
  }
  if (q.type === 'multi-choice') {
    const selected = Array.isArray(current) ? current : [];
    const picked = await checkbox<string>(
      {
        message: lang === 'vi' ? 'Chọn các mục (Space để chọn, Enter để xác nhận):' : 'Select (Space to toggle, Enter to confirm):',
        choices: q.choices!.map((c) => ({ name: c.label[lang], value: c.value, checked: selected.includes(c.value) })),
        loop: false,
      },
      context,
    );
    const coerced = coerceAnswer(q, picked);
    return coerced.ok ? coerced.value ?? [] : [];
  }
  const hint = `${expectedAnswerText(q)[lang]}${q.unit ? ` (${q.unit[lang]})` : ''}`;
  const typed = await input(
    {
      message: `${message} [${hint}]${lang === 'vi' ? ' — Enter để bỏ qua' : ' — Enter to skip'}`,
      default: current === null ? undefined : describeCurrent(q, current),
      validate: (text: string) => {
        const c = coerceAnswer(q, text);
        return c.ok ? true : c.problem[lang];
      },
    },
    context,
  );
  const coerced = coerceAnswer(q, typed);
  if (!coerced.ok || coerced.value === null) return SKIP;
  return coerced.value;
}

function describeCurrent(q: Question, value: AnswerValue): string {
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return describeValue(q, value).en;
}
