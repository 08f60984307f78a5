import type { Family } from '../results/schema.js';
import type { FamilyModule } from './types.js';

/**
 * Lazy loaders for the observation families, one per scanner folder. Loading is lazy so an
 * audit of ports only never loads the TLS engine or the spreadsheet library.
 */
export const FAMILY_LOADERS: Record<Family, () => Promise<FamilyModule>> = {
  http: async () => (await import('../scanners/http/family.js')).httpFamily,
  ports: async () => (await import('../scanners/ports/family.js')).portsFamily,
  questionnaire: async () => (await import('../questionnaire/family.js')).questionnaireFamily,
  ssh: async () => (await import('../scanners/ssh/family.js')).sshFamily,
  tls: async () => (await import('../scanners/tls/family.js')).tlsFamily,
};
