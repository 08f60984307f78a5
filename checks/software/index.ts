/** Sorted map of the software family's checks: id → lazy import of checks/software/<rest of id>.ts. */
export const SOFTWARE_CHECKS: Record<string, () => Promise<unknown>> = {};
