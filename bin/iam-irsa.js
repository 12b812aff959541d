#!/usr/bin/env node
'use strict';
// The CLI lives in the bundle built by `npm ci` (prepare) or `npm run build`.
require('../dist/cli.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
