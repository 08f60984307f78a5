/** Sorted map of the ports family's checks: id → lazy import of checks/ports/<rest of id>.ts. */
export const PORTS_CHECKS: Record<string, () => Promise<unknown>> = {};
