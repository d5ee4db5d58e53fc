import { describe, expect, it } from 'vitest';
import { isStaffCommand, parseCommand } from '../../src/commands/parse.ts';

describe('reading a staff command', () => {
  it('takes the name, a @botname suffix and the rest', () => {
    expect(parseCommand('/ambil@helpdesk_bot GGN-2026-0001')).toEqual({
      name: 'ambil',
      rest: 'GGN-2026-0001',
    });
    expect(parseCommand('!update GGN-2026-0001 sedang dicek')).toEqual({
      name: 'update',
      rest: 'GGN-2026-0001 sedang dicek',
    });
    expect(parseCommand('ambil GGN-2026-0001')).toBeNull();
  });

  it('understands the underscore spelling Telegram commands allow', () => {
    expect(parseCommand('/daftar_grup simpeg')).toEqual({ name: 'daftar-grup', rest: 'simpeg' });
    expect(parseCommand('/setujui_staf@helpdesk_bot 7')).toEqual({ name: 'setujui-staf', rest: '7' });
    expect(isStaffCommand(parseCommand('/daftar_staf koordinator')?.name ?? '')).toBe(true);
  });
});
