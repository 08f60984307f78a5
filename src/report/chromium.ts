import fs from 'node:fs';
import { ToolkitError } from '../errors.js';

/** Debian's chromium, unless ATTT_CHROMIUM names another executable. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.ATTT_CHROMIUM && env.ATTT_CHROMIUM.trim() !== '' ? env.ATTT_CHROMIUM : DEFAULT_CHROMIUM;
}

export class ChromiumMissingError extends ToolkitError {
  constructor(executable: string, cause?: unknown) {
    super(
      'ATTT_CHROMIUM_MISSING',
      {
        vi: `Cần Chromium để xuất PDF nhưng không chạy được ${executable}. Cài bằng "apt-get install chromium" hoặc đặt biến ATTT_CHROMIUM trỏ tới tệp chạy Chromium. (Báo cáo HTML, Markdown, CSV không cần Chromium.)`,
        en: `PDF output needs Chromium but ${executable} cannot be started. Install it with "apt-get install chromium" or set ATTT_CHROMIUM to a Chromium executable. (HTML, Markdown and CSV reports do not need Chromium.)`,
      },
      { cause },
    );
  }
}

/** Launch headless Chromium with playwright-core; a clear bilingual error when it is absent. */
export async function launchChromium(env: NodeJS.ProcessEnv = process.env) {
  const executablePath = chromiumPath(env);
  if (!fs.existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  } catch (error) {
    throw new ChromiumMissingError(executablePath, error);
  }
}
