/**
 * Bolt and the Socket Mode client, loaded on first use: together they take most of a second to load
 * (Express, the Web API client, OAuth), and a helpdesk without Slack never needs them. Types come from
 * type-only imports, which cost nothing at run time.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export const slackBolt = (): typeof import('@slack/bolt') => load('@slack/bolt');
export const slackSocketMode = (): typeof import('@slack/socket-mode') => load('@slack/socket-mode');
