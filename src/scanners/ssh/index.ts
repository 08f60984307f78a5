export { sshFamily } from './family.js';
export { scanSsh, type SshScanOptions } from './observe.js';
