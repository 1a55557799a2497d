// npm packs only what is inside a package's folder: each SDK package ships the repository's LICENSE (prepack).
const { copyFileSync } = require('node:fs');
const path = require('node:path');

copyFileSync(path.join(__dirname, '..', 'LICENSE'), path.join(process.cwd(), 'LICENSE'));
