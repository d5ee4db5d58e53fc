#!/usr/bin/env node
// The `helpdesk` command (package.json "bin"). The sources are TypeScript, run through tsx's loader,
// so there is no build step between a checkout and a running helpdesk.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./index.ts');
process.exitCode = await runCli(process.argv.slice(2));
