import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * JSON logs (pino). Never log tokens, full phone numbers or message bodies above debug: the redact
 * list is a safety net, not the rule.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['*.token', '*.password', '*.text', '*.phone', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
