import { pino } from 'pino';
import pretty from 'pino-pretty';

export type Logger = pino.Logger;

/**
 * pino logs: JSON for machines, readable lines when a person watches a terminal. Never log tokens,
 * full phone numbers or message bodies above debug: the redact list is a safety net, not the rule.
 */
export function createLogger(level: string): Logger {
  const options = {
    level,
    redact: {
      paths: ['*.token', '*.password', '*.text', '*.phone', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  };
  return process.stdout.isTTY
    ? pino(options, pretty({ colorize: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' }))
    : pino(options);
}
