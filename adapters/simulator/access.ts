/**
 * Who may use the simulator. Without a token (the embedded default on loopback) anyone who can reach
 * the port may; with SIMULATOR_TOKEN every simulator route asks for it — `Authorization: Bearer <token>`
 * from a program, or the page's login form, which leaves a signed, HTTP-only cookie in the browser
 * (src/http/access.ts).
 */
import type { FastifyInstance } from 'fastify';
import { protectWithToken } from '../../src/http/access.ts';

/**
 * Guards the simulator's routes (the page, `/simulator/*`, `/api/simulator/*`) when a token is
 * configured. Call before the routes are added; routes outside the simulator are not affected.
 */
export function protectSimulator(app: FastifyInstance, token: string | undefined): void {
  if (!token) return;
  protectWithToken(app, token, {
    page: '/simulator',
    alsoUnder: ['/api/simulator/'],
    cookie: 'simulator_session',
    title: 'Simulator Helpdesk',
    intro: 'Simulator ini dilindungi token. Masukkan token simulator (SIMULATOR_TOKEN) dari admin.',
    subject: 'Simulator',
    realm: 'simulator',
  });
}
