import { type CityResponse, Reader } from 'maxmind';
import type { CoarseLocation, Geolocator } from '../service/geolocator';

/**
 * Country and city of an address from a local MaxMind database (GeoLite2 or GeoIP2, City or Country), held in
 * memory: no network call on the scan's path. Only names are kept, never coordinates.
 */
export class MaxmindGeolocator implements Geolocator {
  private constructor(private readonly reader: Reader<CityResponse>) {}

  /** Throws when the bytes are not a MaxMind City or Country database. */
  static fromBytes(bytes: Buffer): MaxmindGeolocator {
    const reader = new Reader<CityResponse>(bytes);
    const kind = reader.metadata.databaseType;
    if (!/-(City|Country)$/.test(kind)) throw new Error(`is a ${kind} database; a City or Country one is needed`);
    return new MaxmindGeolocator(reader);
  }

  locate(ip: string): CoarseLocation | undefined {
    let found: CityResponse | null;
    try {
      found = this.reader.get(ip);
    } catch {
      return undefined;
    }
    // Private, reserved and unlisted addresses have no entry: the phone is shown no location.
    const country = found?.country;
    if (!country?.iso_code || !country.names.en) return undefined;
    const city = found?.city?.names.en;
    return { countryCode: country.iso_code, country: country.names.en, ...(city && { city }) };
  }
}
