export { tlsFamily } from './family.js';
