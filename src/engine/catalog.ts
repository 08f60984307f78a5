import { CHECK_LOADERS } from '../../checks/index.js';
import type { Check, CheckMeta } from '../checks/index.js';
import type { Family } from '../results/index.js';

export interface LoadedCheck extends Check {
  meta: CheckMeta;
}

let cache: Promise<LoadedCheck[]> | undefined;

/** Every registered check, loaded, sorted by id. */
export function loadAllChecks(): Promise<LoadedCheck[]> {
  cache ??= Promise.all(
    Object.keys(CHECK_LOADERS)
      .sort()
      .map(async (id) => {
        const mod = (await CHECK_LOADERS[id]()) as { meta: CheckMeta; run: Check['run'] };
        if (mod.meta.id !== id) throw new Error(`check registered as ${id} declares id ${mod.meta.id}`);
        return { meta: mod.meta, run: mod.run };
      }),
  );
  return cache;
}

export async function checksForFamily(family: Family): Promise<LoadedCheck[]> {
  return (await loadAllChecks()).filter((c) => c.meta.needs.includes(family) && !c.meta.deprecated);
}

/**
 * The whole catalogue as metadata: check files plus the questionnaire-defined policy checks
 * (`policy.<questionnaire>.<question>`), sorted by id.
 */
export async function loadCatalog(): Promise<CheckMeta[]> {
  const metas = (await loadAllChecks()).map((c) => c.meta);
  const policy = await loadPolicyCatalog();
  return [...metas, ...policy].sort((a, b) => a.id.localeCompare(b.id));
}

async function loadPolicyCatalog(): Promise<CheckMeta[]> {
  const { listPolicyChecks } = await import('../questionnaire/index.js');
  return listPolicyChecks().map((p) => ({
    id: p.id,
    family: p.family,
    severity: p.severity,
    needs: ['questionnaire'],
    title: p.title,
    description: p.description,
    remediation: p.remediation,
    references: p.references,
    // Questionnaire verdicts carry their own bilingual messages (see src/questionnaire/score.ts).
    messages: {},
    tags: [`questionnaire:${p.questionnaire}`, `levels:${p.levels.join(',')}`],
  }));
}
