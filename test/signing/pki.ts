import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A real test PKI made with the openssl command line (an independent implementation): a CA
 * with a Vietnamese name, signers of every key type, unsuitable certificates for the rejection
 * rules, CRLs and a time-stamping authority. Names are UTF-8 (-utf8), as Vietnamese CAs write them.
 */
export const CA_NAME = 'Cục Chứng thực số và Bảo mật thông tin';
export const SIGNER_NAME = 'Nguyễn Thị Hồng Nhung';

export function openssl(args: string[], opts: { cwd: string; input?: Buffer | string }): Buffer {
  return execFileSync('openssl', args, { cwd: opts.cwd, input: opts.input, stdio: ['pipe', 'pipe', 'pipe'] });
}

export type KeyKind = 'rsa' | 'ec256' | 'ec384';

export interface Issued {
  cert: string;
  key: string;
  p12: string;
}

export class TestPki {
  readonly dir: string;
  readonly caCert: string;
  private readonly caKey: string;

  constructor(dir: string, caName = CA_NAME) {
    this.dir = dir;
    fs.mkdirSync(path.join(dir, 'newcerts'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.txt'), '');
    fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
    fs.writeFileSync(path.join(dir, 'crlnumber'), '1000\n');
    fs.writeFileSync(
      path.join(dir, 'ca.cnf'),
      [
        '[ca]', 'default_ca = testca', '[testca]', `dir = ${dir}`, 'database = $dir/index.txt', 'new_certs_dir = $dir/newcerts', 'serial = $dir/serial', 'crlnumber = $dir/crlnumber',
        'default_md = sha256', 'policy = anything', 'unique_subject = no', 'default_crl_days = 30', 'copy_extensions = none', 'preserve = yes', '[anything]', 'commonName = supplied', 'organizationName = optional', 'title = optional',
      ].join('\n') + '\n',
    );
    this.caKey = path.join(dir, 'ca.key');
    this.caCert = path.join(dir, 'ca.pem');
    this.key('ca', 'rsa');
    openssl(['req', '-new', '-x509', '-utf8', '-key', this.caKey, '-out', this.caCert, '-days', '3650', '-subj', `/CN=${caName}/O=Ban Cơ yếu Chính phủ`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], { cwd: dir });
  }

  private key(name: string, kind: KeyKind): string {
    const file = path.join(this.dir, `${name}.key`);
    const args = kind === 'rsa' ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'] : ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${kind === 'ec256' ? 'P-256' : 'P-384'}`];
    openssl(['genpkey', ...args, '-out', file], { cwd: this.dir });
    return file;
  }

  /** Issue a certificate; `ext` are openssl extension lines; dates as YYYYMMDDHHMMSSZ. */
  issue(name: string, o: { kind?: KeyKind; subject?: string; ext?: string[]; start?: string; end?: string; pass?: string } = {}): Issued {
    const key = this.key(name, o.kind ?? 'rsa');
    const csr = path.join(this.dir, `${name}.csr`);
    const cert = path.join(this.dir, `${name}.pem`);
    const extFile = path.join(this.dir, `${name}.ext`);
    fs.writeFileSync(extFile, (o.ext ?? ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,nonRepudiation', 'extendedKeyUsage=emailProtection']).join('\n') + '\n');
    openssl(['req', '-new', '-utf8', '-key', key, '-out', csr, '-subj', o.subject ?? `/CN=${SIGNER_NAME}/title=Giám đốc Sở/O=Sở Lao động - Thương binh và Xã hội`], { cwd: this.dir });
    const dates = [...(o.start ? ['-startdate', o.start] : []), ...(o.end ? ['-enddate', o.end] : ['-days', '365'])];
    openssl(['ca', '-batch', '-notext', '-utf8', '-config', 'ca.cnf', '-cert', this.caCert, '-keyfile', this.caKey, '-in', csr, '-out', cert, '-extfile', extFile, ...dates], { cwd: this.dir });
    const p12 = path.join(this.dir, `${name}.p12`);
    openssl(['pkcs12', '-export', '-inkey', key, '-in', cert, '-certfile', this.caCert, '-out', p12, '-passout', `pass:${o.pass ?? 'demo'}`], { cwd: this.dir });
    return { cert, key, p12 };
  }

  revoke(cert: string): void {
    openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', this.caCert, '-keyfile', this.caKey, '-revoke', cert], { cwd: this.dir });
  }

  crl(): string {
    const file = path.join(this.dir, `crl-${Date.now()}.pem`);
    openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', this.caCert, '-keyfile', this.caKey, '-gencrl', '-out', file], { cwd: this.dir });
    return file;
  }

  /** A time-stamping authority issued by this CA, with its `openssl ts` configuration. */
  tsa(): { cert: string; key: string; config: string } {
    const issued = this.issue('tsa', { subject: '/CN=Dịch vụ cấp dấu thời gian thử nghiệm', ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=critical,timeStamping'] });
    const config = path.join(this.dir, 'tsa.cnf');
    fs.writeFileSync(
      config,
      ['[tsa]', 'default_tsa = tsa_config', '[tsa_config]', `serial = ${path.join(this.dir, 'tsaserial')}`, 'default_policy = 1.2.3.4.1', 'digests = sha256', 'ess_cert_id_alg = sha256', 'accuracy = secs:1', 'ordering = no', 'tsa_name = no', `signer_digest = sha256`].join('\n') + '\n',
    );
    fs.writeFileSync(path.join(this.dir, 'tsaserial'), '01\n');
    return { cert: issued.cert, key: issued.key, config };
  }
}
