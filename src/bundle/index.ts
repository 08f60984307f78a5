/** Public surface of result bundles (docs/bundles.md): create, verify, merge into the tracker. */
export { createBundle, dataFileVersions, type CreateBundleOptions, type CreatedBundle } from './create.js';
export { verifyBundle, type VerifiedBundle, type VerifyBundleOptions } from './verify.js';
export { mergeBundles, type MergedBundle, type MergeOptions } from './merge.js';
export { loadCentralInventory, type CentralInventory } from './central.js';
export { packArchive, type ArchiveEntry } from './archive.js';
export { BUNDLE_FORMAT, DEFAULT_BUNDLE_LIMITS, MANIFEST_NAME, SIGNATURE_NAME, RESULTS_NAME, INVENTORY_NAME, type BundleLimits, type BundleManifest } from './format.js';
export { sampleUnitResults, type SampleUnitOptions } from './sample.js';
