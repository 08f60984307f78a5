import type { Command } from 'commander';
import type { CliContext } from '../context.js';
export function registerInventory(_p: Command, _ctx: CliContext): void {}
