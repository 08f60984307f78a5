import type { FamilyModule } from '../engine/types.js';

// Placeholder until the questionnaire family lands.
export const questionnaireFamily: FamilyModule = {
  family: 'questionnaire',
  network: false,
  async observe() {
    throw new Error('questionnaires are not implemented yet');
  },
};
