export { assessVersion, eolTableFrom, loadEolTable } from './eol.js';
export { identifySoftware, type SoftwareSource } from './identify.js';
export { productName, softwareClaims } from './observed.js';
