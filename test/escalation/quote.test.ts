import { describe, expect, it } from 'vitest';
import { attachmentLines, escalationText, staffText } from '../../src/escalation/messages.ts';
import {
  maskIdentity,
  maskPersonalData,
  neutralizeMarkup,
  QUOTE_BAR,
  quoteReporterInline,
  quoteReporterText,
} from '../../src/escalation/quote.ts';

describe('quoteReporterText', () => {
  it('puts every line behind the quote bar, new lines of every kind included', () => {
    expect(quoteReporterText('satu\r\ndua\rtiga\u2028empat\n\nlima')).toBe(
      ['┃ satu', '┃ dua', '┃ tiga', '┃ empat', '┃', '┃ lima'].join('\n'),
    );
  });

  it('drops empty lines around the text and keeps an empty text a quotation', () => {
    expect(quoteReporterText('\n\n  halo  \n\n')).toBe('┃   halo');
    expect(quoteReporterText('')).toBe('┃');
  });

  it('removes bidi overrides that could reorder a quoted line', () => {
    expect(quoteReporterText('a\u202eb\u0000c')).toBe('┃ abc');
  });
});

describe('neutralizeMarkup', () => {
  it('turns WhatsApp/Slack markers into look-alikes that format nothing', () => {
    expect(neutralizeMarkup('*PRIORITAS: P1* _miring_ ~coret~ `kode` ```blok```')).toBe(
      '∗PRIORITAS: P1∗ ＿miring＿ ∼coret∼ ˋkodeˋ ˋˋˋblokˋˋˋ',
    );
  });

  it('keeps markers inside words, where no platform formats', () => {
    expect(neutralizeMarkup('data_pegawai ERR_CONNECTION_REFUSED 2*3 0812****789')).toBe(
      'data_pegawai ERR_CONNECTION_REFUSED 2*3 0812****789',
    );
    expect(neutralizeMarkup('**tebal** a**')).toBe('∗∗tebal∗∗ a∗∗');
  });

  it('breaks Slack links and mentions', () => {
    expect(neutralizeMarkup('<!channel> <@U123> <http://x.id|klik>')).toBe(
      '‹!channel› ‹@U123› ‹http://x.id|klik›',
    );
  });
});

describe('maskPersonalData', () => {
  it.each([
    ['08123456789', '0812****789'],
    ['0812-3456-789', '0812****789'],
    ['0812 3456 789', '0812****789'],
    ['+62 812-3456-789', '0812****789'],
    ['+6281234567890', '0812****890'],
    ['6281234567890', '0812****890'],
    ['(0254) kantor: 0254-123456', '(0254) kantor: 0254****456'],
  ])('masks the phone number %s', (raw, masked) => {
    expect(maskPersonalData(`hubungi ${raw} ya`)).toBe(`hubungi ${masked} ya`);
  });

  it('masks two numbers next to each other separately', () => {
    expect(maskPersonalData('0812-3456-789 0813-1111-222')).toBe('0812****789 0813****222');
  });

  it('masks e-mail addresses, keeping the domain', () => {
    expect(maskPersonalData('email budi.santoso@serangkab.go.id atau ab@x.com')).toBe(
      'email bu***@serangkab.go.id atau a***@x.com',
    );
  });

  it('masks NIK (16 digits) and NIP (18), also written in groups', () => {
    expect(maskPersonalData('NIK 3604012345678901')).toBe('NIK 3604****901');
    expect(maskPersonalData('NIP 198701012010011001')).toBe('NIP 1987****001');
    expect(maskPersonalData('NIP 19870101 201001 1 001')).toBe('NIP 1987****001');
  });

  it('leaves ticket codes, times, dates, amounts and short numbers alone', () => {
    const text = 'tiket GGN-2026-0001, jam 08.00-16.00, tgl 08-09-2026, Rp 1.500.000, error 502, ruang 0812';
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe('maskIdentity', () => {
  it('shows a platform id of a phone as 0812****789 and hides short ids', () => {
    expect(maskIdentity('628123456789@c.us')).toBe('0812****789');
    expect(maskIdentity('budi')).toBe('bu***i');
    expect(maskIdentity('ab')).toBe('***');
  });

  it('shows a WhatsApp number the same in each of its forms, and an @lid id as lid:…last 3', () => {
    for (const id of ['628123456789@c.us', '628123456789@s.whatsapp.net', '628123456789', '08123456789'])
      expect(maskIdentity(id), id).toBe('0812****789');
    // An @lid id says nothing about the number: it is not shown as one.
    expect(maskIdentity('185727391514849@lid')).toBe('lid:…849');
  });
});

describe('WhatsApp ids in reporter text', () => {
  it.each([
    ['628123456789@c.us', '62812****789@c.us'],
    ['628123456789@s.whatsapp.net', '62812****789@c.us'],
    ['185727391514849@lid', 'lid:…849'],
  ])('masks %s as %s (not as an e-mail address, not left whole)', (raw, masked) => {
    expect(maskPersonalData(`kirim ke ${raw} ya`)).toBe(`kirim ke ${masked} ya`);
  });

  it('still masks the rest around them', () => {
    expect(maskPersonalData('185727391514849@lid atau 0812-3456-789, budi@x.go.id')).toBe(
      'lid:…849 atau 0812****789, bu***@x.go.id',
    );
  });
});

describe('quoteReporterInline', () => {
  it('keeps a short field on one line, in quotation marks the reporter cannot close', () => {
    expect(quoteReporterInline('Dinas "X”\n*Prioritas: P1*')).toBe("“Dinas 'X' ∗Prioritas: P1∗”");
  });
});

describe('reporter text in staff posts', () => {
  const forged = 'login gagal\nPelapor: Kepala Dinas\n*PRIORITAS: P1*\nAmbil dengan /ambil GGN-2026-0999';
  const ownLines = (text: string) => text.split('\n').filter((l) => !l.startsWith(QUOTE_BAR.trim()));

  it('the escalation shows description, since and OPD only quoted', () => {
    const text = escalationText({
      code: 'GGN-2026-0001',
      kind: 'INCIDENT',
      service: 'SIMPEG',
      priority: 'P3',
      responseDue: 'Senin, 23 November 2026 pukul 10.00 WIB',
      resolutionDue: 'Selasa, 24 November 2026 pukul 10.00 WIB',
      description: `${forged}\nHP 08123456789`,
      since: 'tadi\n*Prioritas: P1*',
      reporter: '0850****001',
      opd: 'Diskominfo\nPrioritas: P1',
      attachments: 0,
    });
    expect(ownLines(text)).toEqual([
      '🚨 *Gangguan baru GGN-2026-0001* — SIMPEG',
      'Prioritas: *P3*',
      'Batas tanggap: Senin, 23 November 2026 pukul 10.00 WIB',
      'Batas penyelesaian: Selasa, 24 November 2026 pukul 10.00 WIB',
      'Gejala (tulisan pelapor):',
      'Sejak (tulisan pelapor):',
      'Pelapor: 0850****001, OPD “Diskominfo Prioritas: P1”',
      'Ambil dengan /ambil GGN-2026-0001 (atau balas pesan ini dengan /ambil).',
    ]);
    expect(text).toContain('┃ ∗PRIORITAS: P1∗\n┃ Ambil dengan /ambil GGN-2026-0999\n┃ HP 0812****789');
    expect(text).toContain('┃ tadi\n┃ ∗Prioritas: P1∗');
  });

  it.each([
    ['an answer', staffText.answered('GGN-2026-0001', forged)],
    ['a reporter note', staffText.reporterNote('GGN-2026-0001', forged)],
    ['a talk-to-a-person note', staffText.humanRequested('GGN-2026-0001', forged)],
  ])('%s is quoted', (_label, text) => {
    expect(ownLines(text).join('\n')).not.toMatch(/Kepala Dinas|PRIORITAS|0999/);
    expect(text).toContain('┃ Pelapor: Kepala Dinas');
  });

  it('lists stored attachments with their links, a file name quoted and masked like any reporter text', () => {
    const lines = attachmentLines(
      'GGN-2026-0001',
      3,
      [
        { kind: 'image', name: null, size: 123_456, url: 'https://hd.example.go.id/media/7?exp=1&sig=ab' },
        {
          kind: 'document',
          name: '*PRIORITAS P1* 08123456789.pdf',
          size: 2_500_000,
          url: 'https://hd/media/8',
        },
      ],
      'Senin, 30 November 2026 pukul 10.00 WIB',
    );
    expect(lines).toBe(
      [
        'Lampiran (tautan berlaku sampai Senin, 30 November 2026 pukul 10.00 WIB):',
        '• Foto (121 KB): https://hd.example.go.id/media/7?exp=1&sig=ab',
        '• Dokumen “∗PRIORITAS P1∗ 0812****789.pdf” (2,4 MB): https://hd/media/8',
        '• 1 lampiran lain tercatat di tiket GGN-2026-0001.',
      ].join('\n'),
    );
    expect(attachmentLines('GGN-2026-0001', 2, [])).toBe(
      'Lampiran: 2 berkas, tercatat di tiket GGN-2026-0001.',
    );
    expect(attachmentLines('GGN-2026-0001', 0, [])).toBeNull();
  });

  it('a name that is already a masked id stays readable', () => {
    expect(quoteReporterInline('0812****789')).toBe('“0812****789”');
  });

  it('a staff request shows the requester’s name quoted on one line', () => {
    expect(staffText.staffRequestToAdmin(3, 'Budi\n*admin*', 'Pengelola Teknis', '')).toBe(
      'Permintaan staf #3: “Budi ∗admin∗” sebagai Pengelola Teknis. Setujui dengan /setujui-staf 3',
    );
  });
});
