import { Help, type Command } from 'commander';
import type { Lang } from '../i18n.js';

/**
 * commander writes its own help frame ("Usage:", "Options:", "display help for command") and
 * usage errors ("error: unknown option …") in English. Users read Vietnamese first, so every
 * command gets the frame and the errors in the chosen language. The English texts below are
 * commander 14's exact wording; `test/cli-help.test.ts` fails when a Vietnamese help page still
 * shows one of them (for example after a commander upgrade changes the wording).
 */
const TITLES: Record<string, { vi: string; en: string }> = {
  'Usage:': { vi: 'Cách dùng:', en: 'Usage:' },
  'Options:': { vi: 'Tùy chọn:', en: 'Options:' },
  'Commands:': { vi: 'Lệnh:', en: 'Commands:' },
  'Arguments:': { vi: 'Tham số:', en: 'Arguments:' },
  'Global Options:': { vi: 'Tùy chọn chung:', en: 'Global Options:' },
};

const HELP_DESCRIPTION = { vi: 'hiển thị trợ giúp của lệnh', en: 'display help for command' };

/** Placeholders in usage lines and the words inside "(choices: …, default: …)". */
function localizeTerms(text: string, lang: Lang): string {
  if (lang === 'en') return text;
  return text
    .replace(/\[options\]/g, '[tùy-chọn]')
    .replace(/\[command\]/g, '[lệnh]')
    .replace(/\(choices: /g, '(chọn một trong: ')
    .replace(/, default: /g, ', mặc định: ')
    .replace(/\(default: /g, '(mặc định: ')
    .replace(/, preset: /g, ', khi không có giá trị: ')
    .replace(/\(preset: /g, '(khi không có giá trị: ')
    .replace(/, env: /g, ', biến môi trường: ')
    .replace(/\(env: /g, '(biến môi trường: ');
}

/** commander's usage-error messages, each with its Vietnamese wording; `$n` are the captured values. */
const ERRORS: Array<[RegExp, string]> = [
  [/^error: unknown option '(.*)'$/, "lỗi: không có tùy chọn '$1'"],
  [/^error: unknown command '(.*)'$/, "lỗi: không có lệnh '$1'"],
  [/^error: missing required argument '(.*)'$/, "lỗi: thiếu tham số bắt buộc '$1'"],
  [/^error: option '(.*)' argument missing$/, "lỗi: tùy chọn '$1' cần một giá trị"],
  [/^error: required option '(.*)' not specified$/, "lỗi: thiếu tùy chọn bắt buộc '$1'"],
  [/^error: too many arguments for '(.*)'\. Expected (\d+) arguments? but got (\d+)\.$/, "lỗi: thừa tham số cho lệnh '$1': cần $2 tham số, nhận được $3."],
  [/^error: too many arguments\. Expected (\d+) arguments? but got (\d+)\.$/, 'lỗi: thừa tham số: cần $1 tham số, nhận được $2.'],
  [/^error: option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/, "lỗi: giá trị '$2' của tùy chọn '$1' không hợp lệ. Các giá trị được phép: $3."],
  [/^error: option '(.*)' argument '(.*)' is invalid\.(.*)$/, "lỗi: giá trị '$2' của tùy chọn '$1' không hợp lệ.$3"],
  [/^error: command-argument value '(.*)' is invalid for argument '(.*)'\. Allowed choices are (.*)\.$/, "lỗi: giá trị '$1' của tham số '$2' không hợp lệ. Các giá trị được phép: $3."],
  [/^error: (.*) cannot be used with (.*)$/, 'lỗi: $1 không dùng được cùng $2'],
];

/** Translate one commander error message (possibly followed by a "(Did you mean …?)" line). */
export function localizeCommanderError(message: string, lang: Lang): string {
  const text = message.replace(/\n+$/, '');
  if (lang === 'en') return text;
  const [first, ...rest] = text.split('\n');
  let translated = first;
  for (const [pattern, vi] of ERRORS) {
    if (pattern.test(first)) {
      translated = first.replace(pattern, vi).replace(/'option '/g, "'").replace(/environment variable /g, 'biến môi trường ').replace(/option '/g, "tùy chọn '");
      break;
    }
  }
  if (translated === first) translated = first.replace(/^error: /, 'lỗi: ');
  const suggestions = rest.map((line) =>
    line.replace(/^\(Did you mean one of (.*)\?\)$/, '(Có phải ý bạn là một trong: $1?)').replace(/^\(Did you mean (.*)\?\)$/, '(Có phải ý bạn là $1?)'),
  );
  return [translated, ...suggestions].join('\n');
}

/** commander's own Help, for the parts we only post-process. */
const COMMANDER_HELP = new Help();

/**
 * Apply the language to a command and all its subcommands: help titles, option and argument
 * descriptions, the help option and help command texts, and error output. `onError` receives
 * each usage error already translated (main.ts prints it, or a JSON object with --json).
 */
export function localizeCommander(cmd: Command, lang: Lang, onError: (message: string) => void): void {
  cmd.configureHelp({
    styleTitle: (title: string) => TITLES[title]?.[lang] ?? title,
    styleUsage: (usage: string) => localizeTerms(usage, lang),
    subcommandTerm: (sub: Command) => localizeTerms(COMMANDER_HELP.subcommandTerm(sub), lang),
    optionDescription: (option) => localizeTerms(COMMANDER_HELP.optionDescription(option), lang),
    argumentDescription: (argument) => localizeTerms(COMMANDER_HELP.argumentDescription(argument), lang),
  });
  cmd.helpOption('-h, --help', HELP_DESCRIPTION[lang]);
  if (cmd.commands.length > 0) cmd.helpCommand(lang === 'vi' ? 'help [lệnh]' : 'help [command]', HELP_DESCRIPTION[lang]);
  cmd.configureOutput({ outputError: (text: string) => onError(localizeCommanderError(text, lang)) });
  cmd.commands.forEach((sub) => localizeCommander(sub, lang, onError));
}

