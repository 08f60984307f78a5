/**
 * The ports observation (results.json `observations[key]` for family `ports`): facts only.
 * Banners are server-controlled: stored bounded, with non-printable bytes escaped as \xNN.
 */
export type ServiceName =
  | 'ssh' | 'ftp' | 'smtp' | 'pop3' | 'imap' | 'http' | 'tls' | 'mysql' | 'postgresql' | 'mssql'
  | 'redis' | 'mongodb' | 'elasticsearch' | 'memcached' | 'rdp' | 'vnc' | 'telnet' | 'smb' | 'ldap'
  | 'dns' | 'rpcbind' | 'netbios' | 'docker' | 'kubelet' | 'etcd' | 'x11' | 'snmp' | 'unknown';

export interface AuthProbe {
  /** The read-only probe used (e.g. `redis PING`, `memcached stats`, `GET /`, `mongodb listDatabases`). */
  probe: string;
  /** true: the service demanded credentials; false: it answered without any. */
  required: boolean;
  /** What the service said, bounded and escaped. */
  evidence: string;
}

/** A default-credential login attempt (see src/scanners/ports/default-credentials.ts). */
export interface CredentialProbe {
  probe: string;
  /** true: the server let the default account in. */
  accepted: boolean;
  /** false: the server never answered the login (timeout, closed): nothing could be judged. */
  answered?: boolean;
  evidence: string;
}

/** Whether the service would take a password before TLS, from its own replies. */
export interface CleartextLogin {
  accepted: boolean;
  probe: string;
  evidence: string;
}

export interface OpenPort {
  port: number;
  /** Identified service, with how: from what it said (`banner`) or only from the port number (`port`). */
  service: ServiceName;
  identifiedBy: 'banner' | 'probe' | 'port';
  banner?: string;
  /** Product and exact version as disclosed by the banner (e.g. openssh 7.4p1). */
  product?: string;
  version?: string;
  /** Distribution build marker seen in the banner (e.g. `Debian-10+deb9u7`): fixes may be backported. */
  distro?: string;
  auth?: AuthProbe;
  /** The service answered inside TLS (HTTPS, SMTPS, IMAPS, Redis behind stunnel …): `service` is what runs inside. */
  tls?: boolean;
  /** Default-credential probe of a database (MySQL root/empty, PostgreSQL postgres/trust). */
  defaultCredentials?: CredentialProbe;
  /** FTP/IMAP/POP3: whether a plaintext login would be accepted before TLS. */
  cleartextLogin?: CleartextLogin;
  /** Protocol probes sent to a port nothing identified (they all stayed unanswered). */
  probes?: string[];
}

export interface PortsObservation {
  /** Version of this observation's shape. */
  schema: 'attt.ports/1';
  host: string;
  address: string;
  /** How many ports were probed, and the spec they came from. */
  portsScanned: number;
  portSpec: string;
  open: OpenPort[];
  closed: number;
  filtered: number;
  /** Ports whose connect failed for another reason (e.g. EMFILE), with the reason. */
  errors: Array<{ port: number; reason: string }>;
  durationMs: number;
}
