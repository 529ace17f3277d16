/**
 * Moved to src/core/tuning/report.ts (the agreement report reads compiled models, so it sits
 * above the compile recipe). This re-export keeps package/publish.ts building until its import
 * moves too; then delete this file.
 */
export * from '../tuning/report.js';
