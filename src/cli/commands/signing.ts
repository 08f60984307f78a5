import type { Command } from 'commander';
import type { CliContext } from '../context.js';

// Placeholder: the signing commands are registered here when that family lands.
export function registerSigning(_program: Command, _ctx: CliContext): void {}
