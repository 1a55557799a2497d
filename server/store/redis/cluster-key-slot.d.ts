/** The Redis org's CRC16 slot function (also what ioredis routes by); the package ships no types. */
declare module 'cluster-key-slot' {
  function calculateSlot(key: string): number;
  export = calculateSlot;
}
