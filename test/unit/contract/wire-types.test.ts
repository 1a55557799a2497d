import { readFileSync } from 'node:fs';
import type * as Generated from '../../../client/shared/wire-types.generated';
import { WIRE_TYPES_FILE, wireTypesSource } from '../../../scripts/tools/wire-types';
import type * as Wire from '../../../server/wire';

/** Two types are the same when each is assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(proof: Same<A, B>) => proof;

describe("the SDKs' generated wire types", () => {
  it('are what the schemas make now (run `npm run wire-types` after changing server/wire)', () => {
    expect(readFileSync(WIRE_TYPES_FILE, 'utf8')).toBe(wireTypesSource());
  });

  it('are the types the server infers from the same schemas', () => {
    expect([
      same<Generated.StatusBody, Wire.StatusBody>(true),
      same<Generated.CreatedLogin, Wire.CreatedLogin>(true),
      same<Generated.TokenBody, Wire.TokenBody>(true),
      same<Generated.ScanBody, Wire.ScanBody>(true),
      same<Generated.DecisionBody, Wire.DecisionBody>(true),
      same<Generated.ErrorBody, Wire.ErrorBody>(true),
      same<Generated.QrConnectErrorData, Wire.QrConnectErrorData>(true),
    ]).not.toContain(false);
  });
});
