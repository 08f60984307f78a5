/** Public surface of the web workspace (`attt serve`). */
export { startServer, parseListen, isLoopback, type ServeOptions, type RunningServer } from './server.js';
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from './passwords.js';
export { periodicAssessmentsDue, type DueAssessment } from './periodic.js';
export { TrackerWebStore, type WebStore } from './store.js';
export { createDemoAccount, DEMO_ACCOUNT } from './demo-account.js';
