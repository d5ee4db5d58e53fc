import type { ServiceOption } from '../conversation/types.ts';
import type { Db } from '../db/client.ts';
import type { TargetDuration } from '../domain.ts';
import { createFaqMatcher, type FaqMatcher } from '../faq/matcher.ts';
import type { Service } from '../generated/prisma/client.ts';
import type { Catalogue } from './load.ts';
import { serviceRow } from './sync.ts';

/** A service of the directory, with its group's name (the klasifikasi of its requests, tickets/fields.ts). */
export type DirectoryService = Service & { group: { name: string } | null };

/**
 * The active services, loaded once after the catalogue sync, with a matcher that finds a service from
 * what a person typed ("email sy kekunci" → Reset Password E-Mail). The matcher is the FAQ matcher over
 * one pseudo-topic per service, so typo and slang handling are the same as for questions.
 */
export interface ServiceDirectory {
  byCode: ReadonlyMap<string, DirectoryService>;
  byId: ReadonlyMap<number, DirectoryService>;
  options: ServiceOption[];
  /**
   * Services for what a person typed, best first. With a kind, only the services that take it: a
   * request ranks requestable services, an incident reportable ones; without, all of them.
   */
  rank(text: string, kind?: 'request' | 'incident'): { code: string; score: number }[];
}

export function fulfilmentOf(s: Service): TargetDuration | null {
  return s.fulfilmentValue && s.fulfilmentUnit
    ? { value: s.fulfilmentValue, unit: s.fulfilmentUnit as TargetDuration['unit'] }
    : null;
}

export function buildServiceDirectory(services: DirectoryService[]): ServiceDirectory {
  const active = services.filter((s) => s.active).sort((a, b) => a.id - b.id);
  const byCode = new Map(active.map((s) => [s.code, s]));
  // One matcher per kind, so a word's weight depends only on the services that can be picked: "simpeg"
  // in the aliases of the account request does not make it a weaker word for SIMPEG's incidents.
  const matcherOf = (list: DirectoryService[]): FaqMatcher =>
    createFaqMatcher(
      list.map((s) => ({
        id: s.code,
        title: s.name,
        questions: [s.name, ...s.aliases],
        keywords: [s.code.replace(/-/g, ' '), ...s.aliases],
        answer: s.description,
        actions: [],
        file: 'catalogue',
      })),
    );
  const matchers = {
    all: matcherOf(active),
    request: matcherOf(active.filter((s) => s.requestable)),
    incident: matcherOf(active.filter((s) => s.reportable)),
  };
  return {
    byCode,
    byId: new Map(active.map((s) => [s.id, s])),
    options: active.map((s) => ({
      code: s.code,
      name: s.name,
      requestable: s.requestable,
      reportable: s.reportable,
      fulfilment: fulfilmentOf(s),
      clock24: s.clock24,
    })),
    rank: (text, kind) => matchers[kind ?? 'all'].rank(text, 5).map((c) => ({ code: c.id, score: c.score })),
  };
}

export async function loadServiceDirectory(db: Db): Promise<ServiceDirectory> {
  return buildServiceDirectory(
    await db.service.findMany({ where: { active: true }, include: { group: { select: { name: true } } } }),
  );
}

/**
 * The directory straight from the catalogue file, as the sync would write it: for tools and tests that
 * run without a database (`helpdesk understand`, the engine tests).
 */
export function catalogueDirectory(catalogue: Catalogue): ServiceDirectory {
  const groups = new Map(catalogue.groups.map((g) => [g.code, { name: g.name }]));
  return buildServiceDirectory(
    catalogue.services.map((s, i) => ({
      ...serviceRow(s),
      id: i + 1,
      code: s.code,
      teamGroupId: null,
      group: (s.groupCode && groups.get(s.groupCode)) || null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    })),
  );
}
