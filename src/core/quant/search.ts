/**
 * Moved to src/core/tuning/search.ts (the bit-width search compiles models, so it sits above the
 * compile recipe, not inside the quantizer). This re-export keeps package/publish.ts building
 * until its import moves too; then delete this file.
 */
export * from '../tuning/search.js';
