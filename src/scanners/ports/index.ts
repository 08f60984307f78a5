export { portsFamily } from './family.js';
