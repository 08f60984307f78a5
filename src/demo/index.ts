export { runDemo } from './run.js';
