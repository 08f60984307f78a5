import type { FamilyModule } from '../../engine/types.js';
export const portsFamily: FamilyModule = { family: 'ports', network: true, async observe() { throw new Error('todo'); } };
