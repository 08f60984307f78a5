import type { FamilyModule } from '../../engine/types.js';

// Placeholder until the tls family lands: the planner already routes tls targets here.
export const tlsFamily: FamilyModule = {
  family: 'tls',
  network: true,
  async observe() {
    throw new Error('the tls scanner is not implemented yet');
  },
};
