// bench/ssh.js — attt's SSH assessment per host against `nmap --script ssh2-enum-algos` (and
// `ssh2-enum-algos,ssh-hostkey`, since attt also fetches every host key), on Debian's sshd with
// the default, hardened and weak configurations and a raw legacy responder, all on loopback
// addresses this script starts. Prints times, ratios and whether the algorithm lists agree.
// Run after `npm run build`: `node bench/ssh.js`.
import { execFile } from 'node:child_process';
import os from 'node:os';
import { runAdHoc } from '../dist/src/engine/index.js';
import { startRawSshd } from '../dist/src/demo/ssh-responder.js';
import { atttAsNmapTables, nmapSsh2EnumAlgos, SSHD_CONFIGS, startSshd } from './fixtures/ssh.js';

const has = (cmd) => new Promise((r) => execFile('which', [cmd], (e) => r(!e)));
const timed = async (fn) => {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
};
const nmap = (host, port, scripts) =>
  new Promise((resolve) => execFile('nmap', ['-Pn', '-n', '-p', String(port), '--script', scripts, host], { timeout: 120_000 }, () => resolve()));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchSsh() {
  const peers = { nmap: await has('nmap'), sshd: await has('/usr/sbin/sshd') };
  console.log(`attt SSH bench — ${os.cpus().length} cores, Node ${process.version}; peers: nmap ${peers.nmap ? 'yes' : 'no'}, sshd ${peers.sshd ? 'yes' : 'no'}`);
  const servers = [];
  try {
    if (peers.sshd) {
      let n = 31;
      for (const [name, cfg] of Object.entries(SSHD_CONFIGS)) {
        const s = await startSshd({ host: `127.0.0.${n++}`, ...cfg });
        servers.push({ name: `sshd ${name}`, host: s.host, port: s.port, stop: s.stop });
      }
    }
    const legacy = await startRawSshd({
      ident: 'SSH-1.99-OpenSSH_3.9p1',
      kex: ['diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'],
      hostKey: ['ssh-rsa', 'ssh-dss'],
      ciphers: ['aes128-cbc', '3des-cbc', 'blowfish-cbc', 'arcfour'],
      macs: ['hmac-md5', 'hmac-sha1'],
      ssh1: { hostKeyBits: 1024, serverKeyBits: 768, cipherMask: 8 },
    });
    servers.push({ name: 'raw legacy 1.99', host: '127.0.0.1', port: legacy.port, stop: () => legacy.close() });

    const rows = [];
    let disagreements = 0;
    for (const s of servers) {
      const runs = [];
      let results;
      for (let i = 0; i < 3; i++) {
        const r = await timed(() => runAdHoc({ ssh: `${s.host}:${s.port}` }, s.host, { speed: 'polite' }));
        runs.push(r.ms);
        results = r.value;
      }
      const entry = results.targets.find((t) => t.family === 'ssh');
      const obs = results.observations[entry.key];
      const row = { name: s.name, attt: median(runs), keys: obs.hostKeys.length, findings: new Set(results.results.filter((r) => r.outcome === 'fail' && r.checkId.startsWith('ssh.')).map((r) => r.checkId)).size };
      if (peers.nmap) {
        const nmapRuns = [];
        for (let i = 0; i < 3; i++) nmapRuns.push((await timed(() => nmap(s.host, s.port, '+ssh2-enum-algos'))).ms);
        row.nmap = median(nmapRuns);
        row.nmapKeys = (await timed(() => nmap(s.host, s.port, '+ssh2-enum-algos,+ssh-hostkey'))).ms;
        const theirs = await nmapSsh2EnumAlgos(s.host, s.port);
        row.agree = JSON.stringify(atttAsNmapTables(obs)) === JSON.stringify(theirs);
        if (!row.agree) disagreements++;
      }
      rows.push(row);
    }
    for (const r of rows) {
      const peer = r.nmap ? `; nmap ssh2-enum-algos ${r.nmap.toFixed(0)} ms (attt ${(r.attt / r.nmap).toFixed(2)}×), with ssh-hostkey ${r.nmapKeys.toFixed(0)} ms; lists ${r.agree ? 'identical' : 'DIFFER'}` : '';
      console.log(`  ${r.name.padEnd(18)} attt ${r.attt.toFixed(0)} ms (lists + ${r.keys} host key(s) + ${r.findings} failing ssh check(s))${peer}`);
    }
    if (peers.nmap) console.log(`  algorithm lists: ${rows.length - disagreements}/${rows.length} hosts identical to nmap ssh2-enum-algos`);
  } finally {
    for (const s of servers) await s.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSsh();
