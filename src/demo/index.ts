export { runDemo } from './run.js';
export { FEDERATED_UNITS, runFederatedDemo, type FederatedDemoOptions, type FederatedDemoResult } from './federated.js';
