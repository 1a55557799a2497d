/** Where an address is, as coarsely as a phone should show it: a country and maybe a city, never a position. */
export interface CoarseLocation {
  /** ISO 3166-1 alpha-2, e.g. "GB". */
  countryCode: string;
  /** In English, e.g. "United Kingdom". */
  country: string;
  city?: string;
}

/** A local lookup (GEOIP_DATABASE); no answer for private, reserved or unknown addresses. */
export interface Geolocator {
  locate(ip: string): CoarseLocation | undefined;
}
