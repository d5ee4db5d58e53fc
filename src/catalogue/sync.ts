import type { Db } from '../db/client.ts';
import type { Catalogue, CatalogueService } from './load.ts';

/** The database columns of a catalogue entry (everything but the id and the team group). */
export function serviceRow(s: CatalogueService) {
  return {
    name: s.name,
    description: s.description,
    aliases: s.aliases,
    requestable: s.requestable,
    reportable: s.reportable,
    groupCode: s.groupCode,
    classification: s.classification,
    nature: s.nature,
    providerName: s.providerName,
    managerName: s.managerName,
    technicalTeamName: s.technicalTeamName,
    accessInfo: s.accessInfo,
    availabilityTarget: s.availabilityTarget,
    helpContact: s.helpContact,
    helpHours: s.helpHours,
    availability: s.availability,
    clock24: s.clock24,
    category: s.category,
    fulfilmentValue: s.fulfilment?.value ?? null,
    fulfilmentUnit: s.fulfilment?.unit ?? null,
    approvalRequired: s.approvalRequired,
    active: true,
  };
}

export interface SyncResult {
  groups: number;
  services: number;
  deactivated: number;
}

/**
 * Makes the database match the catalogue file: upserts groups and services by code, and marks services
 * that left the file inactive (tickets still point at them, so nothing is deleted). Idempotent.
 */
export async function syncCatalogue(db: Db, catalogue: Catalogue): Promise<SyncResult> {
  return db.$transaction(async (tx) => {
    for (const g of catalogue.groups) {
      const data = {
        name: g.name,
        examples: g.examples,
        fulfilmentValue: g.target.value,
        fulfilmentUnit: g.target.unit,
      };
      await tx.serviceGroup.upsert({
        where: { code: g.code },
        create: { code: g.code, ...data },
        update: data,
      });
    }
    for (const s of catalogue.services) {
      const data = serviceRow(s);
      await tx.service.upsert({ where: { code: s.code }, create: { code: s.code, ...data }, update: data });
    }
    const { count } = await tx.service.updateMany({
      where: { code: { notIn: catalogue.services.map((s) => s.code) }, active: true },
      data: { active: false },
    });
    return { groups: catalogue.groups.length, services: catalogue.services.length, deactivated: count };
  });
}
