/** Sorted map of the tls family's checks: id → lazy import of checks/tls/<rest of id>.ts. */
export const TLS_CHECKS: Record<string, () => Promise<unknown>> = {};
