/** The part of Redoc's standalone bundle this page calls (the package types only its React build). */
declare module 'redoc/bundles/redoc.standalone.js' {
  export function init(
    specOrSpecUrl: string | object,
    options: Record<string, unknown>,
    element: HTMLElement,
    callback?: (error?: Error) => void,
  ): void;
}
