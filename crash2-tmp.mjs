import { chromium } from 'playwright-core';
import fs from 'node:fs';
const html = fs.readFileSync(process.argv[2], 'utf8');
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-dev-shm-usage'], env: { ...process.env, FONTCONFIG_FILE: '/tmp/rpt/empty-fonts.conf' } });
b.on('disconnected', () => console.log('DISCONNECTED'));
const ctx = await b.newContext({ javaScriptEnabled: false });
const p = await ctx.newPage();
await p.setContent(html);
console.log('set');
if (process.argv[3] === 'eval') { console.log(await p.evaluate(() => document.body.getBoundingClientRect().width)); }
await p.emulateMedia({ media: 'print' });
console.log('media');
const pdf = await p.pdf({ format: 'A4', preferCSSPageSize: true }).catch(e => 'pdf err ' + e.message.slice(0,80));
console.log(typeof pdf === 'string' ? pdf : pdf.length);
await b.close();
