import { chromium } from 'playwright-core';
import { embeddedFontCss } from '/work/wt/report/dist/src/report/fonts.js';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-dev-shm-usage'], env: { ...process.env, ...(process.env.CONF ? { FONTCONFIG_FILE: process.env.CONF } : {}) } });
const ctx = await b.newContext({ javaScriptEnabled: false });
const p = await ctx.newPage();
p.on('crash', () => console.log('CRASH'));
const withFont = process.argv[2] === 'font';
await p.setContent(`<html><head><style>${withFont ? embeddedFontCss() : ''} body{font-family:${withFont ? 'Tinos' : 'serif'}}</style></head><body>Xin chào CỘNG HÒA → ✓</body></html>`);
console.log('set'); await p.evaluate(() => document.fonts.ready.then(() => document.fonts.size + ' ' + [...document.fonts].map(f => f.status).join(','))).then(console.log);
try { console.log(await p.evaluate(() => document.body.getBoundingClientRect().width)); } catch (e) { console.log('ERR', e.message.slice(0, 100)); }
const pdf = await p.pdf().catch(e => 'pdf err ' + e.message.slice(0,80)); if (typeof pdf !== 'string') (await import('node:fs')).writeFileSync('/tmp/rpt/small.pdf', pdf);
console.log(typeof pdf === 'string' ? pdf : pdf.length);
await b.close();
