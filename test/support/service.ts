/** A requestable catalogue service for a test that needs one in the database, not the whole catalogue. */
import type { Prisma, Service } from '../../src/generated/prisma/client.ts';

export function createTestService(
  prisma: Prisma.TransactionClient,
  s: {
    code: string;
    name?: string;
    clock24?: boolean;
    fulfilment?: { value: number; unit: 'hours' | 'days' };
  },
): Promise<Service> {
  const clock24 = s.clock24 ?? false;
  return prisma.service.create({
    data: {
      code: s.code,
      name: s.name ?? s.code.toUpperCase(),
      description: 'layanan uji',
      requestable: true,
      classification: 'ESENSIAL',
      nature: 'ADMINISTRASI',
      providerName: 'Diskominfo',
      managerName: 'Bidang TIK',
      technicalTeamName: `Tim ${s.code}`,
      accessInfo: '-',
      helpContact: '-',
      helpHours: '-',
      availability: clock24 ? '24/7' : 'jam kerja',
      clock24,
      fulfilmentValue: s.fulfilment?.value ?? 1,
      fulfilmentUnit: s.fulfilment?.unit ?? 'hours',
    },
  });
}
