/**
 * The element's look. Sites theme it with the custom properties below (set them on `qr-login`) and style its
 * parts with `qr-login::part(name)`. Colours meet WCAG AA in both schemes; the QR itself stays dark on white
 * with its quiet zone, as cameras need, in dark mode too.
 */
export const ELEMENT_CSS = `
:host {
  --_fg: var(--qr-login-color, #1f2328);
  --_muted: var(--qr-login-muted-color, #57606a);
  --_bg: var(--qr-login-background, #ffffff);
  --_accent: var(--qr-login-accent, #0b5cad);
  --_accent-fg: var(--qr-login-accent-text, #ffffff);
  --_warn: var(--qr-login-warning-color, #8a4600);
  --_error: var(--qr-login-error-color, #b42318);
  --_radius: var(--qr-login-radius, 12px);
  --_size: var(--qr-login-size, 240px);
  display: block;
  max-width: 100%;
  color: var(--_fg);
  font: var(--qr-login-font, inherit);
  line-height: 1.45;
}
@media (prefers-color-scheme: dark) {
  :host {
    --_fg: var(--qr-login-color, #e6edf3);
    --_muted: var(--qr-login-muted-color, #9da7b3);
    --_bg: var(--qr-login-background, #161b22);
    --_accent: var(--qr-login-accent, #6cb6ff);
    --_accent-fg: var(--qr-login-accent-text, #0d1117);
    --_warn: var(--qr-login-warning-color, #f0b45a);
    --_error: var(--qr-login-error-color, #ff8a80);
  }
}
:host([hidden]) { display: none; }
[hidden] { display: none !important; }
.root { position: relative; display: flex; flex-direction: column; align-items: center; gap: 0.75em; text-align: center; }
.frame {
  position: relative;
  box-sizing: border-box;
  width: min(100%, var(--_size));
  aspect-ratio: 1;
  border-radius: var(--_radius);
  background: #ffffff;
  overflow: hidden;
}
.qr { display: block; width: 100%; height: 100%; image-rendering: pixelated; }
.qr:not([src]) { visibility: hidden; }
.cover {
  position: absolute;
  inset: 0;
  display: flex;
  flex-direction: column;
  align-items: center;
  justify-content: center;
  gap: 0.5em;
  padding: 1em;
  box-sizing: border-box;
  background: var(--_bg);
  color: var(--_fg);
  border: 1px solid var(--_muted);
  border-radius: var(--_radius);
  transition: opacity 150ms ease-out;
}
.picture { width: 56px; height: 56px; border-radius: 50%; object-fit: cover; }
.cover-text { margin: 0; }
.pick { margin: 0; font-size: 1.1em; }
.check-code { display: block; font-size: 3.2em; line-height: 1.1; font-weight: 700; letter-spacing: 0.05em; }
.status { margin: 0; min-height: 1.45em; max-width: 36em; }
.status.covered { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.status[data-tone="warning"] { color: var(--_warn); font-weight: 600; }
.status[data-tone="error"] { color: var(--_error); font-weight: 600; }
.user-code-line, .same-device { margin: 0; color: var(--_muted); }
.user-code { color: var(--_fg); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 1.15em; letter-spacing: 0.08em; white-space: nowrap; }
.same-device a { color: var(--_accent); }
.same-device { display: none; }
@media (hover: none) and (pointer: coarse) { .same-device { display: block; } }
.button {
  font: inherit;
  padding: 0.5em 1.1em;
  border-radius: 8px;
  border: 1px solid var(--_accent);
  background: var(--_accent);
  color: var(--_accent-fg);
  cursor: pointer;
}
.button:focus-visible, .same-device a:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
@media (prefers-reduced-motion: reduce) { .cover { transition: none; } }
`;

let shared: CSSStyleSheet | undefined;

/**
 * Gives the shadow root its styles as a constructed sheet, which a page's strict Content-Security-Policy
 * (no 'unsafe-inline' styles) allows; browsers without them (before Safari 16.4) get a `<style>` element.
 */
export function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!shared) {
      shared = new CSSStyleSheet();
      shared.replaceSync(ELEMENT_CSS);
    }
    root.adoptedStyleSheets = [shared];
    return;
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = ELEMENT_CSS;
  root.append(style);
}
