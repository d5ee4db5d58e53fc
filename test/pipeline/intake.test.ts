/**
 * Intake journeys through the simulator (real PostgreSQL and Redis): a citizen types in their own words
 * and the bot understands, asks only what is missing, answers side questions without losing the form,
 * keeps attachments and drafts, and reads natural answers at the end of a ticket. Each test checks what
 * the citizen sees (texts, choices) and what the database holds (tickets, events, the conversation).
 */
import { describe, expect, it } from 'vitest';
import { describeDue } from '../../src/sla/priority.ts';
import { REQUESTER, type RunningHelpdesk, type SimMessage, useHelpdesk } from '../support/helpdesk.ts';

const h = useHelpdesk();

const teknisi1 = { group: true, from: 'teknisi1', name: 'Teknisi 1' };
const texts = (replies: { text: string }[]) => replies.map((r) => r.text).join('\n---\n');
const labels = (m: SimMessage | undefined) => m?.choices?.map((c) => c.label) ?? [];
const codeIn = (text: string | undefined, kind = 'GGN') =>
  new RegExp(`${kind}-\\d{4}-\\d{4}`).exec(text ?? '')?.[0] ?? '';
const lastOut = async (chat: string, hd: RunningHelpdesk = h) =>
  (await hd.messages(chat)).filter((m) => m.direction === 'out').at(-1)?.text ?? '';

/** What the conversation of `chat` holds in the database (its flow, draft, pending attachments). */
async function conversationOf(chat: string, hd: RunningHelpdesk = h) {
  const conv = await hd.db.prisma.conversation.findUniqueOrThrow({
    where: { channel_chatId: { channel: 'simulator', chatId: chat } },
  });
  return conv.state as {
    flow: Record<string, unknown>;
    draft?: { flow: Record<string, unknown> };
    attachments?: unknown[];
  };
}

const ticketOf = (code: string, hd: RunningHelpdesk = h) =>
  hd.db.prisma.ticket.findUniqueOrThrow({
    where: { code },
    include: { service: true, events: { orderBy: { id: 'asc' } } },
  });

const IMPACT_LABELS = [
  'Semua / banyak pengguna tidak bisa memakai layanan',
  'Hanya saya atau beberapa orang',
];
const REQUEST_CONFIRM = ['Kirim permintaan', 'Batal'];
const INCIDENT_CONFIRM = ['Kirim laporan', 'Batal'];
const ASKS_SERVICE = /Layanan atau aplikasi apa yang bermasalah/;
const ASKS_SINCE = /Sejak kapan/;
/** Asked once per contact, right before the first summary (002:471, 002:501). */
const ASKS_WHO = /nama lengkap dan instansi\/OPD/;

/** Set-up: asks for a service from the menu and sends it; returns the LYN- code. */
async function requestService(chat: string, service: string, need: string): Promise<string> {
  await h.say(chat, '2');
  await h.say(chat, service);
  const [asked] = await h.say(chat, need);
  // A first-time reporter is asked who they are before the summary (002:471).
  if (ASKS_WHO.test(asked?.text ?? '')) await h.say(chat, REQUESTER);
  const [opened] = await h.say(chat, '1');
  const code = codeIn(opened?.text, 'LYN');
  if (!code) throw new Error(`set-up: no request opened: ${opened?.text}`);
  return code;
}

/** Set-up: the team of `service` claims the ticket and resolves it with `solution`. */
async function resolveAsStaff(service: string, code: string, solution: string): Promise<void> {
  const [claimed] = await h.say(`pt-${service}`, `/ambil ${code}`, teknisi1);
  if (!/diambil oleh/.test(claimed?.text ?? '')) throw new Error(`set-up: /ambil: ${claimed?.text}`);
  // An incident closes with its penyebab (002:513).
  await h.say(`pt-${service}`, `/selesai ${code} ${solution}. penyebab: konfigurasi berubah`, teknisi1);
}

describe('a first message in the citizen’s own words', () => {
  // Row: first message "simpeg ga bisa login dari pagi" → never asked again for the time or the service.
  // First in the file and stopped at the summary: once the next test has sent its SIMPEG report, this
  // message would be linked to that known outage instead.
  it('never asks again for the time or the service a first message already gave', async () => {
    const chat = '6287100000006';
    const seen: SimMessage[] = [];
    seen.push(...(await h.say(chat, 'simpeg ga bisa login dari pagi')));
    seen.push(...(await h.say(chat, 'cuma saya kayaknya')));
    expect(seen.at(-1)?.text).toMatch(ASKS_WHO);
    seen.push(...(await h.say(chat, REQUESTER)));
    expect(seen.at(-1)?.text).toMatch(/Mohon periksa laporan Anda/);
    for (const m of seen) {
      expect(m.text).not.toMatch(ASKS_SINCE);
      expect(m.text).not.toMatch(ASKS_SERVICE);
    }
    expect(seen.at(-1)?.text).toContain('Sejak: dari pagi');
    expect((await conversationOf(chat)).flow).toMatchObject({
      name: 'incident',
      step: 'confirm',
      serviceCode: 'simpeg',
      since: 'dari pagi',
      impact: 'MINOR',
    });
  });

  // Row: "simpeg ga bisa login dari pagi" → incident on SIMPEG, only the impact asked, summary, "kirim".
  it('starts an incident on SIMPEG with symptom and since kept, asks only the impact, and opens it on "kirim"', async () => {
    const chat = '6287100000001';
    const first = await h.say(chat, 'simpeg ga bisa login dari pagi');
    expect(first).toHaveLength(1);
    expect(first[0]?.text).toContain('SIMPEG');
    expect(first[0]?.text).toMatch(/Seberapa luas dampaknya\?/);
    expect(first[0]?.text).not.toMatch(ASKS_SINCE);
    expect(first[0]?.text).not.toMatch(/Apa yang terjadi/);
    expect(labels(first[0])).toEqual(IMPACT_LABELS);
    expect((await conversationOf(chat)).flow).toMatchObject({
      name: 'incident',
      step: 'impact',
      serviceCode: 'simpeg',
      since: 'dari pagi',
    });

    const [who] = await h.say(chat, '1');
    expect(who?.text).toMatch(ASKS_WHO);
    const [summary] = await h.say(chat, REQUESTER);
    expect(summary?.text).toMatch(/Mohon periksa laporan Anda/);
    expect(summary?.text).toContain('Pelapor: Budi Santoso, Dinas Kesehatan');
    expect(summary?.text).toContain('Layanan: *SIMPEG*');
    expect(summary?.text).toMatch(/Gejala: .*ga bisa login/);
    expect(summary?.text).toContain('Sejak: dari pagi');
    expect(summary?.text).toMatch(/Kirim laporan ini\?/);
    expect(labels(summary)).toEqual(INCIDENT_CONFIRM);

    const [opened] = await h.say(chat, 'kirim');
    const code = codeIn(opened?.text);
    expect(code, opened?.text).not.toBe('');
    const ticket = await ticketOf(code);
    expect(ticket).toMatchObject({
      kind: 'INCIDENT',
      status: 'OPEN',
      since: 'dari pagi',
      impact: 'MAJOR',
      chatId: chat,
    });
    expect(ticket.service.code).toBe('simpeg');
    expect(ticket.description).toContain('ga bisa login');
    expect(ticket.events.map((e) => e.type)).toEqual(['created']);
  });

  // Row: "websitenya ga bisa dibuka, muncul 502 bad gateway" and "ekinerja gagal simpan skp terus".
  it('starts an incident on the website and on e-Kinerja instead of saying it did not understand', async () => {
    const cases = [
      {
        chat: '6287100000003',
        text: 'ekinerja gagal simpan skp terus',
        service: 'ekinerja',
        name: 'e-Kinerja',
      },
      {
        chat: '6287100000002',
        text: 'websitenya ga bisa dibuka, muncul 502 bad gateway',
        service: 'website-pemda',
        name: 'Website Resmi Pemerintah Daerah',
      },
    ];
    for (const c of cases) {
      const [first] = await h.say(c.chat, c.text);
      expect(first?.text, c.text).not.toMatch(/belum mengerti/);
      expect(first?.text, c.text).toContain(c.name);
      expect(first?.text, c.text).not.toMatch(ASKS_SERVICE);
      // The symptom is kept in the report being filled: it is not asked again.
      expect(first?.text, c.text).not.toMatch(/Apa yang terjadi/);
      expect((await conversationOf(c.chat)).flow, c.text).toMatchObject({
        name: 'incident',
        serviceCode: c.service,
        description: c.text,
      });

      await h.say(c.chat, 'sejak jam 8 pagi');
      await h.say(c.chat, 'hanya saya');
      await h.say(c.chat, REQUESTER);
      const [opened] = await h.say(c.chat, 'kirim');
      const ticket = await ticketOf(codeIn(opened?.text));
      expect(ticket.service.code).toBe(c.service);
      expect(ticket).toMatchObject({ kind: 'INCIDENT', since: 'sejak jam 8 pagi', impact: 'MINOR' });
      expect(ticket.description).toBe(c.text);
    }
  });

  // Row: "min tolong reset password email sy dong, lupa" → request on Reset Password E-Mail, summary, LYN.
  it('starts a Reset Password E-Mail request with the message as the need, confirms it, and opens a LYN ticket', async () => {
    const chat = '6287100000004';
    const [who, ...more] = await h.say(chat, 'min tolong reset password email sy dong, lupa');
    expect(more).toEqual([]);
    expect(who?.text).toMatch(ASKS_WHO);
    const [summary] = await h.say(chat, REQUESTER);
    expect(summary?.text).toMatch(/Mohon periksa permintaan Anda/);
    expect(summary?.text).toContain('Layanan: *Reset Password E-Mail*');
    expect(summary?.text).toMatch(/Keperluan: .*reset password email sy dong, lupa/);
    expect(summary?.text).toMatch(/Kirim permintaan ini\?/);
    expect(labels(summary)).toEqual(REQUEST_CONFIRM);

    const [opened] = await h.say(chat, 'kirim');
    const code = codeIn(opened?.text, 'LYN');
    expect(code, opened?.text).not.toBe('');
    const ticket = await ticketOf(code);
    expect(ticket).toMatchObject({ kind: 'REQUEST', status: 'OPEN', chatId: chat });
    expect(ticket.service.code).toBe('email-reset');
    expect(ticket.description).toContain('reset password email sy dong, lupa');
    expect(ticket.events.map((e) => e.type)).toEqual(['created']);
  });

  // Row: "lapor gangguan" → the incident report starts: which service, short list best first, "Lainnya".
  it('starts the incident report on "lapor gangguan" by asking which service, from a short list', async () => {
    const chat = '6287100000005';
    const replies = await h.say(chat, 'lapor gangguan');
    expect(replies).toHaveLength(1);
    const [ask] = replies;
    expect(ask?.text).toMatch(ASKS_SERVICE);
    expect(ask?.text).not.toMatch(/Cara melaporkan gangguan/);
    const offered = labels(ask);
    expect(offered.length).toBeGreaterThan(1);
    expect(offered.length).toBeLessThanOrEqual(7);
    expect(offered.at(-1)).toBe('Lainnya');
    const reportable = await h.db.prisma.service.findMany({ where: { reportable: true, active: true } });
    const names = reportable.map((s) => s.name);
    for (const label of offered.slice(0, -1)) expect(names).toContain(label);
    expect((await conversationOf(chat)).flow).toMatchObject({ name: 'incident', step: 'service' });

    // "Lainnya" shows every service that takes incidents.
    const [all] = await h.say(chat, String(offered.length));
    expect([...labels(all)].sort()).toEqual([...names].sort());
    expect(await h.db.prisma.ticket.count({ where: { chatId: chat } })).toBe(0);
  });
});

describe('what the bot tells people who are not reporting anything new', () => {
  // Row: with a ticket open, "pak gmn udah blm? sy masih ga bisa buka" → a comment on it; two tickets → which?
  it('adds a follow-up to the open ticket as the reporter’s note, relays it to the team, and asks which ticket when there are two', async () => {
    const chat = '6287100000010';
    const incident = await h.reportIncident(chat, {
      service: 'lpse',
      symptom: 'tidak bisa upload dokumen penawaran',
      since: 'tadi pagi',
      impact: 'hanya saya',
    });
    const followup = 'pak gmn udah blm? sy masih ga bisa buka';
    const [told] = await h.say(chat, followup);
    expect(told?.text).toContain(incident);
    expect(told?.text).toMatch(/sudah kami teruskan ke tim teknis/);
    expect(await lastOut('pt-lpse')).toMatch(new RegExp(`Catatan pelapor ${incident}`));
    expect(await lastOut('pt-lpse')).toContain('sy masih ga bisa buka');
    const notes = await h.db.prisma.ticketEvent.findMany({
      where: { ticket: { code: incident }, type: 'reporter_note' },
    });
    expect(notes.map((n) => n.data)).toEqual([{ text: followup }]);
    expect(notes[0]?.actor).toMatch(/^reporter:\d+$/);

    // With a request open as well, the bot asks which ticket the message is about.
    const request = await requestService(chat, 'vicon', 'butuh zoom untuk rapat paripurna tanggal 30');
    const [which] = await h.say(chat, followup);
    expect(which?.text).toMatch(/tiket yang mana/);
    const choices = labels(which);
    expect(choices).toHaveLength(2);
    expect(choices.join('\n')).toContain(incident);
    expect(choices.join('\n')).toContain(request);
    const [done] = await h.say(chat, String(choices.findIndex((l) => l.includes(incident)) + 1));
    expect(done?.text).toContain(incident);
    expect(done?.text).toMatch(/sudah kami teruskan ke tim teknis/);
    expect(
      await h.db.prisma.ticketEvent.count({ where: { ticket: { code: incident }, type: 'reporter_note' } }),
    ).toBe(2);
    expect(
      await h.db.prisma.ticketEvent.count({ where: { ticket: { code: request }, type: 'reporter_note' } }),
    ).toBe(0);
    // No new ticket came of the follow-ups.
    expect(await h.db.prisma.ticket.count({ where: { chatId: chat } })).toBe(2);
  });

  // Row: "lampu jalan depan rumah mati" → out of scope, what the helpdesk is for, SP4N-LAPOR!; no ticket.
  it('says a street light is outside the helpdesk and points to SP4N-LAPOR!, opening nothing', async () => {
    const chat = '6287100000011';
    const replies = await h.say(chat, 'lampu jalan depan rumah mati');
    const all = texts(replies);
    expect(all).toMatch(/Helpdesk SPBE melayani layanan TIK pemerintah daerah/);
    expect(all).toContain('SP4N-LAPOR!');
    expect(all).toContain('lapor.go.id');
    expect(all).not.toMatch(ASKS_SERVICE);
    expect(await h.db.prisma.ticket.count({ where: { chatId: chat } })).toBe(0);
    expect((await conversationOf(chat)).flow.name).not.toBe('incident');
  });

  // Row: an FAQ question → one message with the answer and its actions as choices; choosing one starts it.
  it('answers an FAQ question in one message with its actions as choices, and the action starts the request', async () => {
    const chat = '6287100000012';
    const replies = await h.say(chat, 'gmn cara reset password email?');
    expect(replies).toHaveLength(1);
    const [answer] = replies;
    expect(answer?.text).toMatch(/Reset password e-mail/i);
    expect(labels(answer)).toContain('Ajukan Reset Password E-Mail');

    const pick = labels(answer).indexOf('Ajukan Reset Password E-Mail') + 1;
    const [started] = await h.say(chat, String(pick));
    expect(started?.text).toContain('Reset Password E-Mail');
    expect((await conversationOf(chat)).flow).toMatchObject({ name: 'request', serviceCode: 'email-reset' });
  });
});

describe('side questions in the middle of a form', () => {
  // Row: at "Kirim permintaan ini?": "status LYN-2026-0001", then "kirim" → answered, asked again, opened.
  it('answers a status check at the request’s confirmation, asks again, and "kirim" still opens the request', async () => {
    const chat = '6287100000020';
    await h.say(chat, '2');
    await h.say(chat, 'zoom');
    await h.say(chat, 'butuh zoom untuk rapat paripurna tanggal 30');
    const [confirm] = await h.say(chat, REQUESTER);
    expect(confirm?.text).toMatch(/Kirim permintaan ini\?/);

    const replies = await h.say(chat, 'status LYN-2026-0001');
    expect(replies).toHaveLength(2);
    expect(replies[0]?.text).toContain('LYN-2026-0001');
    expect(replies[0]?.text).toMatch(/tidak ditemukan, atau bukan tiket Anda|Status:/);
    expect(replies[1]?.text).toMatch(/mengirim/);
    expect(labels(replies[1])).toEqual(REQUEST_CONFIRM);
    expect((await conversationOf(chat)).flow).toMatchObject({ name: 'request', step: 'confirm' });

    const [opened] = await h.say(chat, 'kirim');
    const code = codeIn(opened?.text, 'LYN');
    expect(code, opened?.text).not.toBe('');
    const ticket = await ticketOf(code);
    expect(ticket.service.code).toBe('vicon');
    expect(ticket).toMatchObject({
      kind: 'REQUEST',
      chatId: chat,
      description: 'butuh zoom untuk rapat paripurna tanggal 30',
    });
  });

  // Row: at "Sejak kapan…?": "eh bentar, jam brp helpdesk buka?" → FAQ answer, asked again, not stored.
  it('answers the opening hours at "Sejak kapan", asks it again, and keeps the question out of since', async () => {
    const chat = '6287100000021';
    await h.say(chat, '3');
    await h.say(chat, 'sipd');
    const [since] = await h.say(chat, 'tidak bisa input anggaran, muncul error 500');
    expect(since?.text).toMatch(ASKS_SINCE);

    const replies = await h.say(chat, 'eh bentar, jam brp helpdesk buka?');
    expect(replies).toHaveLength(2);
    expect(replies[0]?.text).toMatch(/Jam layanan/i);
    expect(replies[1]?.text).toMatch(ASKS_SINCE);
    const flow = (await conversationOf(chat)).flow;
    expect(flow).toMatchObject({ name: 'incident', step: 'since' });
    expect(flow.since).toBeUndefined();

    const [impact] = await h.say(chat, 'sejak kemarin sore');
    expect(impact?.text).toMatch(/Seberapa luas/);
    await h.say(chat, '2');
    await h.say(chat, REQUESTER);
    const [opened] = await h.say(chat, '1');
    const ticket = await ticketOf(codeIn(opened?.text));
    expect(ticket.service.code).toBe('sipd');
    expect(ticket).toMatchObject({
      since: 'sejak kemarin sore',
      impact: 'MINOR',
      description: 'tidak bisa input anggaran, muncul error 500',
    });
  });

  // Row: a photo captioned "ini fotonya" at the describe step → kept with its caption; symptom still asked.
  it('keeps a photo with its caption at the describe step and still asks for the symptom', async () => {
    const chat = '6287100000022';
    await h.say(chat, '3');
    const [describe] = await h.say(chat, 'jdih');
    expect(describe?.text).toMatch(/Apa yang terjadi\?/);

    const photo = { kind: 'image', ref: 'sim-photo-jdih' };
    const replies = await h.say(chat, 'ini fotonya', { attachments: [photo] });
    expect(texts(replies)).toMatch(/foto Anda sudah kami simpan/);
    expect(replies.at(-1)?.text).toMatch(/Apa yang terjadi\?|gejala/);
    const state = await conversationOf(chat);
    expect(state.flow).toMatchObject({ name: 'incident', step: 'describe' });
    expect(state.flow.description).toBeUndefined();
    expect(state.attachments).toEqual([{ ...photo, caption: 'ini fotonya' }]);

    const [asksSince] = await h.say(chat, 'dokumen perda tidak bisa diunduh');
    expect(asksSince?.text).toMatch(ASKS_SINCE);
    await h.say(chat, 'hari ini');
    await h.say(chat, 'hanya saya');
    const [summary] = await h.say(chat, REQUESTER);
    expect(summary?.text).toContain('Gejala: dokumen perda tidak bisa diunduh');
    const [opened] = await h.say(chat, 'kirim');
    const ticket = await ticketOf(codeIn(opened?.text));
    expect(ticket.description).toBe('dokumen perda tidak bisa diunduh');
    expect(ticket.attachments).toEqual([{ ...photo, caption: 'ini fotonya' }]);
  });
});

describe('the end of a ticket', () => {
  // Row: at "Apakah masalah sudah selesai?": "udah bisa login, makasih ya" → solved, closed, rating asked.
  it('reads "udah bisa login, makasih ya" as solved: closes the ticket and asks for the rating', async () => {
    const chat = '6287100000030';
    const code = await h.reportIncident(chat, {
      service: 'email',
      symptom: 'tidak bisa login ke webmail',
      since: 'sejak kemarin',
      impact: 'hanya saya',
    });
    await resolveAsStaff('email', code, 'akun dibuka kembali');
    expect(await lastOut(chat)).toContain('Apakah masalah sudah selesai?');

    const replies = await h.say(chat, 'udah bisa login, makasih ya');
    const ask = replies.at(-1);
    expect(ask?.text).toMatch(/Seberapa puas/);
    expect(labels(ask)).toEqual(['1 Tidak puas', '2 Kurang puas', '3 Cukup', '4 Puas', '5 Memuaskan']);
    const ticket = await ticketOf(code);
    expect(ticket.status).toBe('CLOSED');
    expect(ticket.reporterConfirmedAt).not.toBeNull();
    expect(ticket.closedWithoutConfirm).toBe(false);
    expect(ticket.events.map((e) => e.type)).toEqual([
      'created',
      'claim',
      'resolve',
      'cause_recorded',
      'confirm',
    ]);
    expect(await lastOut('pt-email')).toMatch(/dikonfirmasi selesai oleh pelapor/);
  });

  // Row: at the rating: "4, cepet tp td malem sempet panik" → rating 4 and that feedback stored; thanked.
  it('stores a rating and the feedback given with it in one message, and thanks', async () => {
    const chat = '6287100000031';
    const code = await h.reportIncident(chat, {
      service: 'internet',
      symptom: 'internet kantor putus total',
      since: 'tadi malam',
      impact: 'satu kantor',
    });
    await resolveAsStaff('internet', code, 'kabel fiber disambung ulang');
    await h.say(chat, '1');

    const replies = await h.say(chat, '4, cepet tp td malem sempet panik');
    expect(texts(replies)).toMatch(/Terima kasih/);
    const ticket = await ticketOf(code);
    expect(ticket).toMatchObject({ status: 'CLOSED', rating: 4, feedback: 'cepet tp td malem sempet panik' });
    expect(ticket.events.map((e) => e.type).slice(-2)).toEqual(['rated', 'feedback']);
    expect((await conversationOf(chat)).flow).toEqual({ name: 'idle' });
  });

  // Row: status of a closed, rated ticket → shows the solution and the rating.
  it('shows the solution and the rating in the status of a closed, rated ticket', async () => {
    const chat = '6287100000032';
    const code = await h.reportIncident(chat, {
      service: 'pusat-data',
      symptom: 'server aplikasi mati tidak bisa diakses',
      since: 'sejak jam 7',
      impact: 'semua pegawai',
    });
    await resolveAsStaff('pusat-data', code, 'VM dinyalakan ulang dan disk diperbesar');
    await h.say(chat, 'sudah');
    await h.say(chat, '5');
    await h.say(chat, 'lewati');
    expect(await ticketOf(code)).toMatchObject({ status: 'CLOSED', rating: 5 });

    const [status] = await h.say(chat, `status ${code}`);
    expect(status?.text).toContain(code);
    expect(status?.text).toContain('Ditutup');
    expect(status?.text).toContain('Solusi: VM dinyalakan ulang dan disk diperbesar');
    expect(status?.text).toContain('Penilaian Anda: 5/5');
  });

  // Row: the resolution message after /selesai → says when the ticket closes by itself.
  it('says in the resolution message when the ticket closes by itself', async () => {
    const chat = '6287100000033';
    const code = await h.reportIncident(chat, {
      service: 'srikandi',
      symptom: 'tidak bisa kirim surat keluar, muncul error',
      since: 'kemarin',
      impact: 'hanya saya',
    });
    await resolveAsStaff('srikandi', code, 'antrean pengiriman dibersihkan');
    const resolved = await lastOut(chat);
    expect(resolved).toContain('Apakah masalah sudah selesai?');
    const ticket = await ticketOf(code);
    expect(ticket.status).toBe('RESOLVED');
    expect(ticket.confirmationDueAt).not.toBeNull();
    expect(resolved).toContain(
      `ditutup otomatis pada ${describeDue(ticket.confirmationDueAt as Date, h.app.calendar)}`,
    );
  });

  // Row: a new incident's confirmation message → the targets in working hours ("kerja") and the due times.
  it('gives the targets of a new incident in working hours, with their due times', async () => {
    const chat = '6287100000034';
    await h.reportIncident(chat, {
      service: 'printer',
      symptom: 'printer di ruang rapat macet terus',
      since: 'minggu lalu',
      impact: 'hanya saya',
    });
    const opened = await lastOut(chat);
    const ticket = await ticketOf(codeIn(opened));
    expect(ticket.responseDueAt).not.toBeNull();
    expect(ticket.resolutionDueAt).not.toBeNull();
    const cal = h.app.calendar;
    const [response, resolution] = opened.split('\n').filter((l) => l.startsWith('•'));
    expect(response).toMatch(/^• Petugas menanggapi dalam .* kerja, paling lambat /);
    expect(response).toContain(describeDue(ticket.responseDueAt as Date, cal));
    expect(resolution).toMatch(/^• Target penyelesaian .* kerja, paling lambat /);
    expect(resolution).toContain(describeDue(ticket.resolutionDueAt as Date, cal));
  });
});

describe('a report left half-filled', () => {
  // Its own helpdesk: the inactivity limit is 3 s here, so the real timer fires during the test.
  const s = useHelpdesk({ INACTIVITY_MINUTES: '0.05' });

  // Row: silent past the inactivity limit at a form step, then the answer → draft kept, report continues.
  it('keeps the draft after silence and takes the next message as the answer it was waiting for', async () => {
    const chat = '6287100000040';
    const [since] = await s.say(chat, 'ekinerja gagal simpan skp terus');
    expect(since?.text).toMatch(ASKS_SINCE);
    const before = (await s.messages(chat)).filter((m) => m.direction === 'out').length;

    // Silence: the inactivity timer fires and the bot says the draft is kept.
    const all = await s.waitForOut(chat, before + 1, 10_000);
    const kept = all.filter((m) => m.direction === 'out').at(-1)?.text ?? '';
    expect(kept).toMatch(/belum selesai, jadi kami simpan sampai .* WIB/);
    const state = await conversationOf(chat, s);
    expect(state.flow).toEqual({ name: 'idle' });
    expect(state.draft?.flow).toMatchObject({ name: 'incident', step: 'since', serviceCode: 'ekinerja' });

    const [impact] = await s.say(chat, 'sejak kemarin');
    expect(impact?.text).toMatch(/Seberapa luas/);
    await s.say(chat, 'hanya saya');
    const [summary] = await s.say(chat, REQUESTER);
    expect(summary?.text).toMatch(/Mohon periksa laporan Anda/);
    const [opened] = await s.say(chat, 'kirim');
    const ticket = await ticketOf(codeIn(opened?.text), s);
    expect(ticket.service.code).toBe('ekinerja');
    expect(ticket).toMatchObject({
      description: 'ekinerja gagal simpan skp terus',
      since: 'sejak kemarin',
      impact: 'MINOR',
      chatId: chat,
    });
  });
});
