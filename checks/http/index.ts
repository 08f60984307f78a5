/** Sorted map of the http family's checks: id → lazy import of checks/http/<rest of id>.ts. */
export const HTTP_CHECKS: Record<string, () => Promise<unknown>> = {};
