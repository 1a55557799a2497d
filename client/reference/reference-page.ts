/**
 * /reference: the service's OpenAPI document rendered by Redoc, bundled from the redoc package into this file,
 * so the page loads nothing from another origin. The Socket.IO events are rendered by the service beside it.
 */
import { init } from 'redoc/bundles/redoc.standalone.js';

const container = document.getElementById('http-api');
if (container?.dataset.specUrl) {
  // No search: Redoc's search runs in a worker made from a blob: URL, which the page's policy does not allow.
  init(
    container.dataset.specUrl,
    { disableSearch: true, expandResponses: '200,201', hideDownloadButton: true },
    container,
  );
}
