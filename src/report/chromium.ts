import fs from 'node:fs';
import { ToolkitError } from '../errors.js';
import { createPrivateFontConfig } from './font-config.js';

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
      { cause, exitCode: 3 },
    );
  }
}

/**
 * Launch headless Chromium with playwright-core; a clear bilingual error when it is absent.
 * The browser sees only the report's own fonts (a private fontconfig, removed when the browser
 * closes), so what it prints does not depend on the fonts of the machine.
 */
export async function launchChromium(env: NodeJS.ProcessEnv = process.env) {
  const executablePath = chromiumPath(env);
  if (!fs.existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
  const { chromium } = await import('playwright-core');
  const fonts = createPrivateFontConfig();
  try {
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, env: { ...process.env, ...env, FONTCONFIG_FILE: fonts.file } as Record<string, string> });
    browser.on('disconnected', () => fonts.dispose());
    return browser;
  } catch (error) {
    fonts.dispose();
    throw new ChromiumMissingError(executablePath, error);
  }
}
