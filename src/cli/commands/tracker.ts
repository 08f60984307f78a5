import type { Command } from 'commander';
import type { CliContext } from '../context.js';

// Placeholder: the tracker commands are registered here when that family lands.
export function registerTracker(_program: Command, _ctx: CliContext): void {}
