import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';

export const silentLog = createLogger('silent');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** A config as main.ts would build it, on a random port and a private data folder. */
export function testConfig(env: Record<string, string | undefined>): Config {
  return loadConfig({ PORT: '0', DATA_DIR: tempDir('helpdesk-data'), LOG_LEVEL: 'silent', ...env });
}
