/** Sorted map of the software family's checks: id → lazy import of checks/software/<rest of id>.ts. */
export const SOFTWARE_CHECKS: Record<string, () => Promise<unknown>> = {
  'software.outdated': () => import('./outdated.js'),
  'software.version-disclosure': () => import('./version-disclosure.js'),
};
