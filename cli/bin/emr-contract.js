#!/usr/bin/env node
// The installed CLI runs compiled JavaScript: no TypeScript loader stands between `npx` and the command.
import '../dist/cli/main.js';
