#!/usr/bin/env node
// The package's CLI. The generator is TypeScript run through tsx, so no build step stands
// between a spec change and its check.
import { register } from 'tsx/esm/api';

register();
process.argv.splice(1, 1, new URL('../generator/cli.ts', import.meta.url).pathname);
await import('../generator/cli.ts');
