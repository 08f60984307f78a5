export { assessVersion, eolTableFrom, loadEolTable, parseEolTable, type EolTable } from './eol.js';
export { identifySoftware, type SoftwareSource } from './identify.js';
export { productName, softwareClaims } from './observed.js';
export { debianBuild, distroFixFor, distroFromMarker, distroSupportAt, inferHostDistro, type HostDistro } from './distro.js';
