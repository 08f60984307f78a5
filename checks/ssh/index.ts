/** Sorted map of the ssh family's checks: id → lazy import of checks/ssh/<rest of id>.ts. */
export const SSH_CHECKS: Record<string, () => Promise<unknown>> = {
  'ssh.cipher.weak': () => import('./cipher.weak.js'),
  'ssh.hostkey.weak': () => import('./hostkey.weak.js'),
  'ssh.kex.weak': () => import('./kex.weak.js'),
  'ssh.mac.weak': () => import('./mac.weak.js'),
  'ssh.protocol1': () => import('./protocol1.js'),
  'ssh.terrapin': () => import('./terrapin.js'),
};
