export type { Change, Verdict } from './change.js';
export { diffDocuments } from './document.js';
