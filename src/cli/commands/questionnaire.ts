import type { Command } from 'commander';
import type { CliContext } from '../context.js';

// Placeholder: the questionnaire commands are registered here when that family lands.
export function registerQuestionnaire(_program: Command, _ctx: CliContext): void {}
