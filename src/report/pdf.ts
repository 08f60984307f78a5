import { TemplateRenderError } from '../errors.js';
import { launchChromium } from './chromium.js';

/**
 * Print the self-contained HTML to an A4 PDF in headless Chromium. JavaScript is off and every
 * network request is refused: the report has nothing to load, and a hostile page gets nothing.
 * Page size, margins and the page number (top centre, hidden on page 1) come from the
 * stylesheet's @page rules (Decree 30/2020 Phụ lục I).
 */
export async function htmlToPdf(html: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const browser = await launchChromium(env);
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load', timeout: 120_000 });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    return Buffer.from(pdf);
  } catch (error) {
    if ((error as { code?: string }).code === 'ATTT_CHROMIUM_MISSING') throw error;
    throw new TemplateRenderError({ vi: `Chromium không xuất được PDF: ${(error as Error).message}`, en: `Chromium could not print the PDF: ${(error as Error).message}` }, { cause: error });
  } finally {
    await browser.close();
  }
}
