import { cleanText } from '../sanitize.js';
import { type BaseContext, upper } from './context.js';
import { cycleLabel, dateParts, englishDateLine, vietnameseDateLine } from './dates.js';

/**
 * "Số: 05/BC-SLĐTBXH" (Decree 30/2020 Phụ lục I, II.3). `symbol` is everything after the slash, as
 * the inventory writes it ("BC-SLĐTBXH"); a symbol without the document-type prefix ("SLĐTBXH")
 * gets it once. Numbers below 10 take a leading zero; a missing number stays blank (about six
 * spaces) for the records office to fill in by hand.
 */
export function numberLine(label: string, number: string | undefined, symbol: string | undefined, docAbbrev = 'BC'): string {
  const raw = number?.trim() ?? '';
  const n = /^\d+$/.test(raw) && Number(raw) < 10 ? `0${Number(raw)}` : raw;
  return `${label}: ${n ? n : '\u00a0'.repeat(6)}/${documentSymbol(symbol, docAbbrev)}`;
}

/** The symbol after "Số …/": the type abbreviation ("BC") exactly once, then the body's groups. */
export function documentSymbol(symbol: string | undefined, docAbbrev = 'BC'): string {
  const s = (symbol ?? '').trim().replace(/^\/+/, '');
  if (s === '') return docAbbrev;
  const prefix = new RegExp(`^${docAbbrev}(?:-|$)`, 'i');
  return prefix.test(s) ? s.replace(prefix, (m) => m.toLocaleUpperCase('vi')) : `${docAbbrev}-${s}`;
}

/** The header block, the title (type + trích yếu), "Kính gửi" and the opening paragraph. */
export function buildHeader(ctx: BaseContext) {
  const { L, lang, unit, org, settings, now } = ctx;
  const symbol = settings.symbol ?? (unit ? undefined : org.code);
  const cleanSymbol = symbol ? cleanText(symbol, { max: 40 }) : undefined;
  const place = cleanText(settings.place ?? '……', { max: 100 });
  const issuer = cleanText(unit ? unit.name : org.name, { max: 200 });
  const { day, month, year } = dateParts(now);
  const num = numberLine('', settings.number, cleanSymbol).slice(2);
  const cycle = cycleLabel(ctx.results.cycle, lang);
  const scopeName = issuer;
  return {
    header: {
      parentBody: upper(cleanText(unit ? org.name : (org.parent ?? ''), { max: 200 })),
      issuingBody: upper(issuer),
      numberLine: numberLine(L.number, settings.number, cleanSymbol),
      placeDate: lang === 'vi' ? vietnameseDateLine(place, now) : englishDateLine(place, now),
      // Phụ lục I, III.1c: every annex names the document it belongs to.
      annexLine:
        lang === 'vi'
          ? `(Kèm theo Báo cáo số ${num} ngày ${day < 10 ? '0' : ''}${day}/${month < 10 ? '0' : ''}${month}/${year} của ${issuer})`
          : `(Attached to Report No. ${num} of ${day}/${month}/${year} by ${issuer})`,
    },
    title: {
      type: L.docType,
      summary:
        lang === 'vi'
          ? `Kết quả tự kiểm tra, đánh giá an toàn thông tin các hệ thống thông tin${unit ? ` của ${scopeName}` : ''} ${cycle}`
          : `Results of the information-security self-assessment of the information systems${unit ? ` of ${scopeName}` : ''}, ${cycle}`,
    },
    kinhGui: settings.kinhGui.map((s) => cleanText(s, { max: 200 })),
    intro:
      lang === 'vi'
        ? `${scopeName} báo cáo kết quả tự kiểm tra, đánh giá an toàn thông tin các hệ thống thông tin ${cycle} như sau:`
        : `${scopeName} reports the results of the information-security self-assessment of its information systems for ${cycle} as follows:`,
    cycleText: cycle,
    scopeName,
  };
}
