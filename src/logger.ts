import { pino } from 'pino';
import pretty from 'pino-pretty';
import { maskWhatsAppIds } from './contacts/whatsapp-id.ts';

export type Logger = pino.Logger;

/**
 * pino logs: JSON for machines, readable lines when a person watches a terminal. Never log tokens,
 * full phone numbers or message bodies above debug: the redact list is a safety net, not the rule.
 * So is the last step of every line: WhatsApp ids in it — a chat id, a sender, a platform's error
 * message naming a JID, a configured `whatsapp:62812…` — are masked whatever form they come in
 * ("62812****789@c.us", "lid:…849").
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: {
      paths: ['*.token', '*.password', '*.text', '*.phone', 'req.headers.authorization'],
      censor: '[redacted]',
    },
    hooks: { streamWrite: maskWhatsAppIds },
  };
  if (destination) return pino(options, destination);
  return process.stdout.isTTY
    ? pino(options, pretty({ colorize: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' }))
    : pino(options);
}
