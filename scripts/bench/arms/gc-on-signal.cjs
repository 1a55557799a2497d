/**
 * Preloaded into every service under test (with --expose-gc): SIGUSR2 runs a full garbage collection,
 * so memory per waiting browser is read after a collection instead of wherever V8's GC happened to be.
 */
'use strict';
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
});
