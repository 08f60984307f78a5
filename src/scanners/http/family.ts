import type { FamilyModule } from '../../engine/types.js';

// Placeholder until the http family lands: the planner already routes http targets here.
export const httpFamily: FamilyModule = {
  family: 'http',
  network: true,
  async observe() {
    throw new Error('the http scanner is not implemented yet');
  },
};
