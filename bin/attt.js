#!/usr/bin/env node
// Thin launcher: the CLI lives in src/cli (compiled to dist/ on install by `prepare`).
import { main } from '../dist/src/cli/main.js';

// `attt … | head` closes the pipe early; that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
