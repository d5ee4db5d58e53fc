/**
 * GET /laporan/<name>.<format>?from&to&exp&sig — the evaluation report of a period for whoever holds an
 * unexpired signed link (/laporan in chat, src/commands/evaluation-commands.ts). Without
 * MEDIA_LINK_SECRET no link is offered and the route serves nothing; a forged or altered link is refused
 * before the database is asked. Rendered when asked, so it shows the figures of that moment.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.ts';
import { loadEvaluationReport } from '../reports/load.ts';
import { periodFromDates } from '../reports/period.ts';
import { type ReportFileFormat, renderReportFile } from '../reports/render-file.ts';
import { checkSignedQuery } from '../signed-link.ts';
import { sendFile } from './download.ts';

export function registerReportRoutes(
  app: FastifyInstance,
  opts: { db: Db; secret: string | undefined; zone: string },
): void {
  app.get<{
    Params: { file: string };
    Querystring: { from?: string; to?: string; exp?: string; sig?: string };
  }>('/laporan/:file', async (req, reply) => {
    if (!opts.secret) return reply.code(404).send({ error: 'Unduhan laporan tidak aktif di helpdesk ini.' });
    const format = /\.(xlsx|md|csv|json)$/.exec(req.params.file)?.[1] as ReportFileFormat | undefined;
    const { from = '', to = '' } = req.query;
    const subject = `report:${from}:${to}:${format}`;
    const check = format ? checkSignedQuery(subject, req.query.exp, req.query.sig, opts.secret) : 'forged';
    if (check === 'forged') return reply.code(403).send({ error: 'Tautan laporan tidak sah.' });
    if (check === 'expired')
      return reply
        .code(410)
        .send({ error: 'Tautan laporan sudah kedaluwarsa. Minta lagi dengan /laporan di chat.' });
    const period = periodFromDates(from, to);
    if (!period.ok || !format) return reply.code(400).send({ error: 'Periode laporan tidak valid.' });
    const report = await loadEvaluationReport(opts.db, {
      period: period.period,
      zone: opts.zone,
      now: new Date(),
    });
    const file = await renderReportFile(report, format);
    return sendFile(reply, { type: file.type, name: file.filename, body: file.body });
  });
}
