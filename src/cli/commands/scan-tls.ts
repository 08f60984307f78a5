import type { Command } from 'commander';
import type { CliContext } from '../context.js';

// Placeholder: registered when that family lands.
export function registerScanTls(_scan: Command, _ctx: CliContext): void {}
