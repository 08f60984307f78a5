import { it } from 'vitest';
import { observeHttp } from '../../src/scanners/http/family.js';
import { startHttp, startHttps, plannedTarget, scanContext } from './servers.js';
it('smoke', async () => {
  const s = await startHttps((req, res) => { res.setHeader('Set-Cookie', ['PHPSESSID=abc; Path=/', 'x=1; Secure; HttpOnly; SameSite=Lax']); res.setHeader('Strict-Transport-Security','max-age=100'); res.setHeader('content-type','text/html'); res.end('<html><script src="https://cdn.example.com/a.js"></script></html>'); });
  const h = await startHttp((req, res) => { res.writeHead(301, { location: s.url }); res.end(); });
  try {
    const o = await observeHttp(plannedTarget(h.url), scanContext({ trustedCAs: [s.caPem] }));
    console.log(JSON.stringify(o, null, 1).slice(0, 6000));
  } finally { await s.close(); await h.close(); }
});
