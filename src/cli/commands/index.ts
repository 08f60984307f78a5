import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerAudit } from './audit.js';
import { registerBundle } from './bundle.js';
import { registerChecks } from './checks.js';
import { registerData } from './data.js';
import { registerDemo } from './demo.js';
import { registerDoctor } from './doctor.js';
import { registerExchange } from './exchange.js';
import { registerInit } from './init.js';
import { registerInventory } from './inventory.js';
import { registerQuestionnaire } from './questionnaire.js';
import { registerRejudge } from './rejudge.js';
import { registerReport } from './report.js';
import { registerResults } from './results.js';
import { registerScan } from './scan.js';
import { registerServe } from './serve.js';
import { registerSigning } from './signing.js';
import { registerTracker } from './tracker/index.js';
import { registerTrackerDue } from './tracker-due.js';
import { registerVerify } from './verify.js';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Every command group, in the order `attt --help` lists them. */
export const COMMANDS: RegisterCommand[] = [
  registerInit,
  registerInventory,
  registerChecks,
  registerScan,
  registerAudit,
  registerRejudge,
  registerResults,
  registerData,
  registerQuestionnaire,
  registerTracker,
  registerTrackerDue,
  registerReport,
  registerExchange,
  registerSigning,
  registerVerify,
  registerBundle,
  registerServe,
  registerDemo,
  registerDoctor,
];
