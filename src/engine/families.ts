import type { Family } from '../results/index.js';
import type { FamilyModule } from './types.js';

/**
 * Lazy loaders for the observation families, one per scanner folder. Loading is lazy so an
 * audit of ports only never loads the TLS engine or the spreadsheet library.
 */
export const FAMILY_LOADERS: Record<Family, () => Promise<FamilyModule>> = {
  http: async () => (await import('../scanners/http/index.js')).httpFamily,
  ports: async () => (await import('../scanners/ports/index.js')).portsFamily,
  questionnaire: async () => (await import('../questionnaire/index.js')).questionnaireFamily,
  ssh: async () => (await import('../scanners/ssh/index.js')).sshFamily,
  tls: async () => (await import('../scanners/tls/index.js')).tlsFamily,
};
