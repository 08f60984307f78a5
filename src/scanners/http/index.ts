export { httpFamily } from './family.js';
