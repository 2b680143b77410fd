#!/usr/bin/env node
// Thin launcher: the CLI lives in TypeScript (src/cli/index.ts), compiled to dist by `prepare`.
require('../dist/src/cli/index.js')
  .runCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
