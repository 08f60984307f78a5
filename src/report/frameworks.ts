import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { packagePath } from '../paths.js';
import type { Result } from '../results/index.js';

/** checks/frameworks/<id>.yaml: one framework version as data (docs/report.md, "Frameworks"). */
const localized = z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict();
export const frameworkSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    title: localized,
    version: z.string(),
    effective: z.object({ from: z.string().optional(), until: z.string().optional() }).strict().optional(),
    source: localized,
    status: localized.optional(),
    /** The framework applies by the security level of Decree 85/2016 (report shows levels). */
    levels: z.boolean().optional(),
    requirements: z
      .array(
        z
          .object({
            id: z.string().min(1),
            /** A verified clause number only; omitted when not verified (docs/report.md). */
            clause: z.string().optional(),
            group: localized.optional(),
            text: localized,
            evidence: z.array(z.string().min(1)).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type Framework = z.infer<typeof frameworkSchema>;
export type RequirementStatus = 'met' | 'not_met' | 'not_assessed';

export function frameworksDir(): string {
  return packagePath('checks', 'frameworks');
}

/** Every framework file in `dir`, validated, sorted by id. */
export function loadFrameworks(dir = frameworksDir()): Framework[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      const parsed = frameworkSchema.safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
      if (!parsed.success) {
        throw new InputError(
          'ATTT_FRAMEWORK_INVALID',
          { vi: `Tệp khung tuân thủ ${file} không hợp lệ.`, en: `Framework file ${file} is invalid.` },
          { details: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) },
        );
      }
      if (`${parsed.data.id}.yaml` !== f) {
        throw new InputError('ATTT_FRAMEWORK_INVALID', {
          vi: `Tệp ${file} khai báo id ${parsed.data.id}; tên tệp phải là <id>.yaml.`,
          en: `${file} declares id ${parsed.data.id}; the file must be named <id>.yaml.`,
        });
      }
      return parsed.data;
    });
}

export interface RequirementVerdict {
  id: string;
  status: RequirementStatus;
  /** Evidence ids with what was found for each. */
  evidence: Array<{ id: string; pass: number; fail: number; other: number }>;
}

export interface FrameworkVerdict {
  framework: Framework;
  requirements: RequirementVerdict[];
  met: number;
  notMet: number;
  notAssessed: number;
  /** met / (met + not met), rounded; null when nothing was assessed. */
  percent: number | null;
}

/**
 * The results that judge `evidenceId` for framework `frameworkId`. Questionnaire questions that
 * frameworks judge differently carry `framework`: then only the result with this framework's id
 * counts — never another framework's verdict, never a blend (docs/report.md, "Frameworks").
 */
export function resultsForFramework(byCheck: Map<string, Result[]>, evidenceId: string, frameworkId: string): Result[] {
  const all = byCheck.get(evidenceId) ?? [];
  if (all.some((r) => r.framework !== undefined)) return all.filter((r) => r.framework === frameworkId);
  return all;
}

/** Judge each requirement from the results: any fail → not met; some pass → met; else not assessed. */
export function evaluateFramework(framework: Framework, results: readonly Result[]): FrameworkVerdict {
  const byCheck = new Map<string, Result[]>();
  for (const r of results) {
    const list = byCheck.get(r.checkId);
    if (list) list.push(r);
    else byCheck.set(r.checkId, [r]);
  }
  const requirements = framework.requirements.map((req): RequirementVerdict => {
    const evidence = req.evidence.map((id) => {
      const rs = resultsForFramework(byCheck, id, framework.id);
      return {
        id,
        pass: rs.filter((r) => r.outcome === 'pass' || r.outcome === 'not_applicable').length,
        fail: rs.filter((r) => r.outcome === 'fail').length,
        other: rs.filter((r) => r.outcome === 'error' || r.outcome === 'unanswered').length,
      };
    });
    const fail = evidence.some((e) => e.fail > 0);
    const pass = evidence.some((e) => e.pass > 0);
    return { id: req.id, status: fail ? 'not_met' : pass ? 'met' : 'not_assessed', evidence };
  });
  const met = requirements.filter((r) => r.status === 'met').length;
  const notMet = requirements.filter((r) => r.status === 'not_met').length;
  return {
    framework,
    requirements,
    met,
    notMet,
    notAssessed: requirements.length - met - notMet,
    percent: met + notMet === 0 ? null : Math.round((100 * met) / (met + notMet)),
  };
}

/** The frameworks to report: those the inventory names (unknown ids are an input error), else all. */
export function selectFrameworks(all: Framework[], named: string[]): Framework[] {
  if (named.length === 0) return all;
  return named.map((id) => {
    const fw = all.find((f) => f.id === id);
    if (!fw) {
      throw new InputError('ATTT_FRAMEWORK_UNKNOWN', {
        vi: `Inventory nêu khung tuân thủ "${id}" nhưng không có tệp checks/frameworks/${id}.yaml. Có: ${all.map((f) => f.id).join(', ')}.`,
        en: `The inventory names framework "${id}" but there is no checks/frameworks/${id}.yaml. Available: ${all.map((f) => f.id).join(', ')}.`,
      });
    }
    return fw;
  });
}
