/** Sorted map of the ports family's checks: id → lazy import of checks/ports/<rest of id>.ts. */
export const PORTS_CHECKS: Record<string, () => Promise<unknown>> = {
  'ports.default-credentials': () => import('./default-credentials.js'),
  'ports.risky-service': () => import('./risky-service.js'),
  'ports.unauthenticated-service': () => import('./unauthenticated-service.js'),
  'ports.unexpected-open': () => import('./unexpected-open.js'),
};
