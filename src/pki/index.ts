export { createCertificate, createServerChain } from './certs.js';
