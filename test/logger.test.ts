import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';

describe('the log', () => {
  it('masks WhatsApp ids in every line: in any field, in error messages, in the message', () => {
    const lines: string[] = [];
    const log = createLogger(
      'info',
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    log.warn(
      {
        chatId: '628123456789@c.us',
        sender: { id: '185727391514849@lid' },
        err: new Error('no chat 628123456789@s.whatsapp.net'),
      },
      'send failed for whatsapp:08123456789',
    );
    const line = lines.join('');
    expect(line).toContain('"chatId":"62812****789@c.us"');
    expect(line).toContain('"id":"lid:…849"');
    expect(line).toContain('no chat 62812****789@c.us');
    expect(line).toContain('whatsapp:62812****789');
    expect(line).not.toMatch(/8123456789|391514849/);
  });
});
