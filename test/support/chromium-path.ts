/** Where the browser tests find Chromium: CHROMIUM_PATH, else Debian's package (`apt-get install -y chromium`). */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}
