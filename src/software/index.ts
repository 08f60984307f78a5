export { assessVersion, eolTableFrom, loadEolTable, parseEolTable, type EolTable } from './eol.js';
export { identifySoftware, type SoftwareSource } from './identify.js';
export { productName, softwareClaims } from './observed.js';
export { addHostObservation, debianBuild, distroFixFor, distroFromMarker, distroSupportAt, emptyHostSoftware, hostSoftwareOf, inferHostDistro, type HostDistro, type HostSoftware } from './distro.js';
