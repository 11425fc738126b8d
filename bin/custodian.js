#!/usr/bin/env node
// The `custodian` command. Custodian runs its TypeScript through tsx, so the command needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
