import { formatBudgetReport } from '../budgets/report.ts';
import { Snowflake } from '../domain/message.ts';
import type { BudgetAdmin } from './budget-admin.ts';
import { jsonBody, jsonWrite, refusal } from './ops-body.ts';

const BUDGET_PATH = /^\/api\/budgets\/guilds\/([^/]+)$/;

/**
 * The spend-cap routes of the ops server (issue 11 §6):
 * - `GET /api/budgets/guilds/:guildId[?member=:userId]`: the server's daily budget (and that
 *   member's hourly one): `{ guildId, limits, sources, report, text }`, where `report` is a
 *   `BudgetReport` (tokens, ms since the epoch) and `text` its plain lines (`formatBudgetReport`);
 * - `PUT` on the same path changes the server's limits (`guildTokensPerDay`, `memberTokensPerHour`:
 *   whole numbers of tokens, 0 = unlimited, `null` = back to the env default; absent fields kept)
 *   and answers the limits now in force;
 * - `DELETE` removes the server's own limits (204, or 404 when it had none).
 * Returns undefined for other paths. Bad input is a 400 that names the field.
 */
export async function handleBudgets(request: Request, budgets: BudgetAdmin): Promise<Response | undefined> {
  const url = new URL(request.url);
  const match = BUDGET_PATH.exec(url.pathname);
  if (!match) return undefined;
  const guildId = match[1] as string;
  if (!Snowflake.safeParse(guildId).success) return failure(400, 'guild id must be a Discord snowflake');
  if (request.method === 'GET' || request.method === 'HEAD') {
    const member = url.searchParams.get('member');
    if (member !== null && !Snowflake.safeParse(member).success)
      return failure(400, '?member= must be a Discord user id (a snowflake)');
    const report = budgets.report(guildId, member);
    const { limits, sources } = budgets.limitsFor(guildId);
    return Response.json({ guildId, limits, sources, report, text: formatBudgetReport(report) });
  }
  if (request.method === 'DELETE')
    return budgets.resetLimits(guildId)
      ? new Response(null, { status: 204 })
      : failure(404, 'this server has no limits of its own; it uses the env defaults');
  if (request.method !== 'PUT')
    return Response.json(
      { error: `${request.method} is not allowed here; use GET, PUT or DELETE` },
      { status: 405, headers: { allow: 'GET, HEAD, PUT, DELETE' } },
    );
  return jsonWrite('{"guildTokensPerDay":200000}', async () =>
    Response.json({ guildId, ...budgets.setLimits(guildId, await jsonBody(request)) }),
  );
}

const failure = refusal;
