/**
 * One person behind several ids, on the real database: WhatsApp's @lid and phone JIDs of one person end
 * up on one contact, however and in whatever order they arrive.
 */
import { describe, expect, it } from 'vitest';
import { resolveContact } from '../../src/contacts/resolve-contact.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
let n = 0;
/** A fresh number and @lid id for each test. */
const person = () => {
  n++;
  return {
    phone: `62812000${String(n).padStart(5, '0')}@c.us`,
    lid: `1857273915${String(n).padStart(5, '0')}@lid`,
  };
};
const resolve = (externalId: string, alsoKnownAs: string[] = [], name: string | null = null) =>
  db.prisma.$transaction((tx) => resolveContact(tx, 'whatsapp', externalId, name, alsoKnownAs));
const idsOf = async (contactId: number) =>
  (await db.prisma.contactIdentity.findMany({ where: { contactId }, orderBy: { externalId: 'asc' } })).map(
    (i) => i.externalId,
  );

describe('resolveContact with several ids of one person', () => {
  it('adds the @lid id to the contact known by number', async () => {
    const p = person();
    const known = await resolve(p.phone, [], 'Budi');
    expect(await resolve(p.lid, [p.phone])).toBe(known);
    expect(await idsOf(known)).toEqual([p.lid, p.phone].sort());
    // …and the other way round: the number again, or the @lid alone, is the same person.
    expect(await resolve(p.phone)).toBe(known);
    expect(await resolve(p.lid)).toBe(known);
  });

  it('creates one contact with both ids when neither is known, whichever comes first', async () => {
    const p = person();
    const contact = await resolve(p.phone, [p.lid], 'Ani');
    expect(await idsOf(contact)).toEqual([p.lid, p.phone].sort());
    expect(await resolve(p.lid)).toBe(contact);
    const identity = await db.prisma.contactIdentity.findFirstOrThrow({ where: { externalId: p.phone } });
    expect(identity.displayName).toBe('Ani');
  });

  it('names one number the same in every form it is written in', async () => {
    const contact = await resolve('0812-7777-0001');
    for (const form of [
      '6281277770001',
      '+62 812-7777-0001',
      '6281277770001@c.us',
      '6281277770001@s.whatsapp.net',
    ])
      expect(await resolve(form), form).toBe(contact);
    expect(await idsOf(contact)).toEqual(['6281277770001@c.us']);
  });

  it('keeps the older of two contacts, moves the other’s identity, leaves its tickets where they are', async () => {
    const p = person();
    const older = await resolve(p.phone, [], 'Budi');
    // WhatsApp first said nothing about the @lid sender's number: a contact of its own.
    const newer = await resolve(p.lid, [], 'Budi');
    expect(newer).not.toBe(older);
    const service = await db.prisma.service.create({
      data: {
        code: 'uji',
        name: 'Uji',
        description: '',
        requestable: false,
        classification: 'NORMAL',
        nature: 'ADMINISTRASI',
        providerName: '-',
        managerName: '-',
        technicalTeamName: '-',
        accessInfo: '-',
        availabilityTarget: '-',
        helpContact: '-',
        helpHours: '-',
        availability: '24/7',
      },
    });
    const ticket = await db.prisma.ticket.create({
      data: {
        code: `GGN-2026-9${String(n).padStart(3, '0')}`,
        kind: 'INCIDENT',
        serviceId: service.id,
        reporterId: newer,
        channel: 'whatsapp',
        chatId: p.lid,
        description: 'tidak bisa login',
      },
    });
    expect(await resolve(p.lid, [p.phone])).toBe(older);
    expect(await idsOf(older)).toEqual([p.lid, p.phone].sort());
    expect(await idsOf(newer)).toEqual([]);
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).reporterId).toBe(newer);
  });

  it('moves the staff roles of a contact left without identities to the kept one', async () => {
    const p = person();
    // The person wrote as @lid first; later an admin configured them as staff by number.
    const reporter = await resolve(p.lid);
    const configured = await resolve(p.phone);
    await db.prisma.staff.create({
      data: { contactId: configured, role: 'KOORDINATOR', approvedAt: new Date(), approvedBy: 'config' },
    });
    const kept = await resolve(p.lid, [p.phone]);
    expect(kept).toBe(reporter);
    const roles = await db.prisma.staff.findMany({ where: { contactId: kept } });
    expect(roles.map((r) => r.role)).toEqual(['KOORDINATOR']);
  });

  it('keeps who the person told they are when the contact that heard it is merged away (002:501)', async () => {
    const p = person();
    const kept = await resolve(p.lid, [], 'budi wa');
    // They told their identity under their number, to a contact that is later emptied into the @lid one.
    const told = await resolve(p.phone);
    const at = new Date('2026-03-02T03:00:00Z');
    await db.prisma.contact.update({
      where: { id: told },
      data: { name: 'Budi Santoso', opd: 'Dinas Kesehatan', nip: '198701012010011001', profileAskedAt: at },
    });
    expect(await resolve(p.lid, [p.phone])).toBe(kept);
    expect(await db.prisma.contact.findUniqueOrThrow({ where: { id: kept } })).toMatchObject({
      name: 'Budi Santoso',
      opd: 'Dinas Kesehatan',
      nip: '198701012010011001',
      profileAskedAt: at,
    });
  });

  it('leaves other channels’ ids as they are', async () => {
    const a = await db.prisma.$transaction((tx) => resolveContact(tx, 'telegram', '081234', null));
    const b = await db.prisma.$transaction((tx) => resolveContact(tx, 'telegram', '6281234', null));
    expect(a).not.toBe(b);
  });
});
