/** The element with this id; the pages are static, so a missing one is a bug worth failing loudly on. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

/** Shows exactly one of the given sections. */
export function showOnly(sections: HTMLElement[], visible: HTMLElement | undefined): void {
  for (const section of sections) section.hidden = section !== visible;
}
