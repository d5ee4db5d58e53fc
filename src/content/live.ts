/**
 * The content the bot answers with (service directory, FAQ matcher, understander, incident categories),
 * swappable while the app runs. Steps read `deps.services` / `deps.faq` / `deps.understander` per
 * message; `withLiveContent` makes those properties read the holder's current value, so the next message
 * after a reload sees it. After the dashboard writes a content file, `changed()` syncs the catalogue
 * into the database, rebuilds here and tells every other process on the same Redis (ROLE=web and
 * ROLE=worker processes) to reload from the files and the database.
 */
import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { loadServiceDirectory, type ServiceDirectory } from '../catalogue/directory.ts';
import { type Catalogue, loadCatalogue } from '../catalogue/load.ts';
import { syncCatalogue } from '../catalogue/sync.ts';
import type { Db } from '../db/client.ts';
import { type FaqTopic, loadFaqTopics } from '../faq/load.ts';
import { createFaqMatcher, type FaqMatcher } from '../faq/matcher.ts';
import { renderFaqTopics } from '../faq/render.ts';
import { FAQ_MENU_LABELS } from '../faq-content.ts';
import type { Logger } from '../logger.ts';
import { createUnderstander, type Understander } from '../understand/understand.ts';
import type { Vocabulary } from '../understand/vocabulary.ts';

export interface Content {
  services: ServiceDirectory;
  faq: FaqMatcher;
  understander: Understander;
  categories: readonly string[];
}

export interface LiveContent {
  readonly current: Content;
  /** This process wrote a content file: sync, rebuild, and have the other processes reload. */
  changed(): Promise<void>;
  /** Resolves once every reload asked for so far is done (tests, and the dashboard's answer). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const CONTENT_KEYS = ['services', 'faq', 'understander', 'categories'] as const;

/**
 * `deps` with its content properties reading `live.current`. Use it on every deps object built once
 * and kept (a spread `{ ...deps }` made per job keeps reading the holder; one made once would not).
 */
export function withLiveContent<T extends object>(deps: T, live: LiveContent): T & Content {
  for (const key of CONTENT_KEYS)
    Object.defineProperty(deps, key, { get: () => live.current[key], enumerable: true, configurable: true });
  return deps as T & Content;
}

async function build(db: Db, catalogue: Catalogue, topics: FaqTopic[], vocabulary: Vocabulary) {
  const services = await loadServiceDirectory(db);
  const faq = createFaqMatcher(renderFaqTopics(topics, services.options, FAQ_MENU_LABELS));
  const understander = createUnderstander({
    vocabulary,
    services: [...services.byCode.values()],
    rankServices: services.rank,
    faq,
  });
  return { services, faq, understander, categories: catalogue.categories };
}

export async function startLiveContent(opts: {
  db: Db;
  redis: RedisOptions;
  /** QUEUE_PREFIX: the processes of one deployment share it. */
  prefix: string;
  catalogueFile: string;
  faqDir: string;
  vocabulary: Vocabulary;
  /** What start-up loaded (and synced) already. */
  catalogue: Catalogue;
  topics: FaqTopic[];
  log: Logger;
}): Promise<LiveContent> {
  const { db, log } = opts;
  const channel = `${opts.prefix}:content-changed`;
  const self = randomUUID();
  let current = await build(db, opts.catalogue, opts.topics, opts.vocabulary);
  let chain: Promise<void> = Promise.resolve();
  const reload = (sync: boolean) => {
    // One reload at a time, in order; a failed one does not stop the next.
    chain = chain
      .catch(() => {})
      .then(async () => {
        const catalogue = loadCatalogue(opts.catalogueFile);
        const topics = loadFaqTopics(opts.faqDir);
        // Checked before the database is touched: a file broken by hand meanwhile changes nothing.
        renderFaqTopics(topics, catalogue.services, FAQ_MENU_LABELS);
        if (sync) await syncCatalogue(db, catalogue);
        current = await build(db, catalogue, topics, opts.vocabulary);
        log.info({ services: current.services.options.length, topics: topics.length }, 'content reloaded');
      });
    return chain;
  };
  const connection = { ...opts.redis, lazyConnect: true };
  const subscriber = new Redis(connection);
  const publisher = new Redis(connection);
  // Both reconnect on their own; a reload missed while Redis was away is made at the next start.
  subscriber.on('error', () => {});
  publisher.on('error', () => {});
  subscriber.on('message', (_channel: string, from: string) => {
    if (from === self) return;
    reload(false).catch((err) => log.error({ err }, 'content not reloaded; the previous content stays'));
  });
  await subscriber.connect();
  await subscriber.subscribe(channel);
  await publisher.connect();
  return {
    get current() {
      return current;
    },
    async changed() {
      await reload(true);
      await publisher.publish(channel, self);
    },
    settled: () => chain.catch(() => {}),
    async close() {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
