#!/usr/bin/env node
// Placeholder entry; the command is built in src/cli/ (issue 5).
console.log('imlint 0.1.0');
