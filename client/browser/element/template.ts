/** The element's shadow tree, built with DOM calls (no HTML strings, so a page's Trusted Types rules allow it). */

export interface Parts {
  root: HTMLElement;
  qr: HTMLImageElement;
  cover: HTMLElement;
  picture: HTMLImageElement;
  coverText: HTMLElement;
  pick: HTMLElement;
  status: HTMLElement;
  userCodeLine: HTMLElement;
  sameDevice: HTMLAnchorElement;
  sameDeviceLine: HTMLElement;
  retry: HTMLButtonElement;
  newCode: HTMLButtonElement;
}

function make<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attributes: Record<string, string>,
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/**
 * Ids are for tests and the element's own references; `part` names are the styling surface sites may use:
 * container, qr-frame, qr, cover, picture, cover-text, check-code-line, check-code, status, user-code-line,
 * user-code, same-device, button, retry, new-code.
 */
export function buildTree(shadow: ShadowRoot): Parts {
  const doc = shadow.ownerDocument;
  const qr = make(doc, 'img', { id: 'qr-image', class: 'qr', part: 'qr', width: '240', height: '240' });
  const picture = make(doc, 'img', { id: 'cover-picture', class: 'picture', part: 'picture', alt: '' });
  const coverText = make(doc, 'p', { id: 'cover-text', class: 'cover-text', part: 'cover-text' });
  const pick = make(doc, 'p', { id: 'check-code-line', class: 'pick', part: 'check-code-line' });
  const cover = make(doc, 'div', { id: 'qr-cover', class: 'cover', part: 'cover' }, picture, coverText, pick);
  const frame = make(doc, 'div', { id: 'qr-frame', class: 'frame', part: 'qr-frame' }, qr, cover);
  const status = make(doc, 'p', { id: 'status', class: 'status', part: 'status', role: 'status' });
  status.setAttribute('aria-live', 'polite');
  const userCodeLine = make(doc, 'p', { id: 'user-code-line', class: 'user-code-line', part: 'user-code-line' });
  const sameDevice = make(doc, 'a', { id: 'same-device', part: 'same-device' });
  const sameDeviceLine = make(doc, 'p', { class: 'same-device' }, sameDevice);
  const retry = make(doc, 'button', { id: 'retry', type: 'button', class: 'button', part: 'button retry' });
  const newCode = make(doc, 'button', { id: 'new-qr', type: 'button', class: 'button', part: 'button new-code' });
  const root = make(
    doc,
    'div',
    { class: 'root', part: 'container' },
    frame,
    status,
    retry,
    newCode,
    userCodeLine,
    sameDeviceLine,
  );
  shadow.append(root);
  return {
    root,
    qr,
    cover,
    picture,
    coverText,
    pick,
    status,
    userCodeLine,
    sameDevice,
    sameDeviceLine,
    retry,
    newCode,
  };
}

/**
 * Writes `template` into `target`, each `{placeholder}` filled from `values`; the ones named in `emphasised`
 * become a `<strong>` with that part name (the check code in large type, the user code).
 */
export function fillText(
  target: HTMLElement,
  template: string,
  values: Record<string, string>,
  emphasised: readonly string[] = [],
): void {
  const doc = target.ownerDocument;
  const nodes: Node[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    const key = match[1]!;
    const value = values[key] ?? match[0];
    nodes.push(doc.createTextNode(template.slice(last, match.index)));
    if (emphasised.includes(key)) {
      const strong = make(doc, 'strong', { class: partName(key), part: partName(key) }, doc.createTextNode(value));
      strong.id = partName(key);
      nodes.push(strong);
    } else {
      nodes.push(doc.createTextNode(value));
    }
    last = (match.index ?? 0) + match[0].length;
  }
  nodes.push(doc.createTextNode(template.slice(last)));
  target.replaceChildren(...nodes);
}

/** `userCode` → `user-code`. */
function partName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
