import type { Localized } from '../i18n.js';
import type { Severity } from '../results/index.js';

/** What the report shows about a check or a policy question. */
export interface CatalogEntry {
  id: string;
  title: Localized;
  remediation: Localized;
  severity?: Severity;
}

/**
 * The check catalogue (checks/index.ts) plus the policy questions of the questionnaire
 * catalogue when that module exists. A check that fails to load is skipped: the report then
 * falls back to the result's own message rather than refusing to build.
 */
export async function loadReportCatalog(): Promise<Map<string, CatalogEntry>> {
  const map = new Map<string, CatalogEntry>();
  try {
    const { CHECK_LOADERS } = await import('../../checks/index.js');
    await Promise.all(
      Object.entries(CHECK_LOADERS).map(async ([id, load]) => {
        try {
          const mod = (await load()) as { meta?: { title: Localized; remediation: Localized; severity?: Severity } };
          if (mod.meta) map.set(id, { id, title: mod.meta.title, remediation: mod.meta.remediation, severity: mod.meta.severity });
        } catch {
          /* a broken check module must not break the report */
        }
      }),
    );
  } catch {
    /* no catalogue */
  }
  try {
    const mod = (await import('../questionnaire/index.js')) as { listPolicyChecks?: () => unknown };
    const list = (await Promise.resolve(mod.listPolicyChecks?.())) as Array<{ id: string; title: Localized; remediation: Localized; severity?: Severity }> | undefined;
    for (const entry of list ?? []) if (entry?.id && entry.title) map.set(entry.id, { id: entry.id, title: entry.title, remediation: entry.remediation, severity: entry.severity });
  } catch {
    /* the questionnaire catalogue is optional */
  }
  return map;
}
