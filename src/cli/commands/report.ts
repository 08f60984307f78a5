import type { Command } from 'commander';
import type { CliContext } from '../context.js';

// Placeholder: the report commands are registered here when that family lands.
export function registerReport(_program: Command, _ctx: CliContext): void {}
