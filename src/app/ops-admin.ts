import type { ConfigScope, ConfigStore } from '../db/config-store.ts';
import type { GuildPolicyStore } from '../db/guild-policy-store.ts';
import type { GuildPolicyInput } from '../domain/guild-policy.ts';
import { Snowflake } from '../domain/message.ts';
import type { BudgetAdmin } from './budget-admin.ts';
import { changeConfig, removeConfig } from './config-change.ts';
import { jsonBody, jsonWrite, refusal } from './ops-body.ts';
import { handleBudgets } from './ops-budgets.ts';
import type { OpsView } from './ops-view.ts';

/** What the admin routes change. */
export interface AdminDeps {
  supervisor: OpsView;
  config: ConfigStore;
  policies: GuildPolicyStore;
  /** Spend caps: `/api/budgets/guilds/:guildId` is served when given (see ./ops-budgets.ts). */
  budgets?: BudgetAdmin;
}

/** `/api/config/global`, or `/api/config/guild/:id` and `/api/config/channel/:id`: nothing else. */
const CONFIG_PATH = /^\/api\/config\/(?:(global)|(guild|channel)\/([^/]+))$/;
const POLICY_PATH = /^\/api\/policies\/([^/]+)$/;
const SETTINGS_PATH = /^\/api\/settings\/([^/]+)\/([^/]+)$/;

/**
 * The ops server's admin routes (loopback only, like the rest of it):
 * - `PUT /api/config/global`, `PUT /api/config/guild/:id`, `PUT /api/config/channel/:id` change a
 *   scope's timing override (`batchSize`, `batchWindowMs`, `cooldownMs`, `idleTimeoutMs`,
 *   `threadTimeoutMs`): given fields are merged in, a field set to `null` is removed; `DELETE` on the
 *   same paths removes the whole override (204, or 404 when there was none). Every change reaches
 *   live channel actors at once as `config.updated` with their newly resolved settings;
 * - `GET /api/settings/:guildId/:channelId` shows the settings a channel resolves to;
 * - `GET` / `PUT` / `DELETE /api/policies/:guildId` read, replace or remove a server's policy
 *   (removed: back to the strict default; 204, or 404 when it had none);
 * - `/api/budgets/guilds/:guildId`: spend caps (./ops-budgets.ts).
 * Returns undefined for other paths. Bad input is a 400 that names the field.
 */
export async function handleAdmin(request: Request, deps: AdminDeps): Promise<Response | undefined> {
  const { pathname } = new URL(request.url);
  const budgets = deps.budgets && (await handleBudgets(request, deps.budgets));
  if (budgets) return budgets;
  const config = CONFIG_PATH.exec(pathname);
  if (config) {
    const scope = (config[1] ?? config[2]) as ConfigScope;
    const id = config[3] ?? '';
    if (scope !== 'global' && !Snowflake.safeParse(id).success)
      return badRequest(`${scope} id must be a snowflake`);
    if (request.method === 'DELETE') {
      const removed = removeConfig(deps, scope, id);
      return removed ? noContent() : notFound(`no ${scope} override to remove`);
    }
    if (request.method !== 'PUT') return methodNotAllowed('PUT, DELETE');
    return jsonWrite('{"batchSize":3}', async () => {
      const stored = changeConfig(deps, scope, id, await jsonBody(request));
      // No field left means no override at all (a later DELETE answers 404): say so, not `{}`.
      return Response.json({ scope, id, override: Object.keys(stored).length > 0 ? stored : null });
    });
  }
  const settings = SETTINGS_PATH.exec(pathname);
  if (settings) {
    if (request.method !== 'GET') return methodNotAllowed('GET');
    const [guildId, channelId] = [settings[1] as string, settings[2] as string];
    if (!Snowflake.safeParse(guildId).success) return badRequest('guild id must be a snowflake');
    if (!Snowflake.safeParse(channelId).success) return badRequest('channel id must be a snowflake');
    return Response.json(deps.config.resolve(guildId, channelId));
  }
  const policy = POLICY_PATH.exec(pathname);
  if (policy) {
    const guildId = policy[1] as string;
    if (!Snowflake.safeParse(guildId).success) return badRequest('guild id must be a snowflake');
    if (request.method === 'GET') return Response.json(deps.policies.get(guildId));
    if (request.method === 'DELETE')
      return deps.policies.remove(guildId) ? noContent() : notFound('this server has no policy to remove');
    if (request.method !== 'PUT') return methodNotAllowed('GET, PUT, DELETE');
    return jsonWrite('{"rules":"Be kind.","directMessages":false}', async () =>
      Response.json(deps.policies.set(guildId, (await jsonBody(request)) as GuildPolicyInput)),
    );
  }
  return undefined;
}

const badRequest = (message: string) => refusal(400, message);
const notFound = (message: string) => refusal(404, message);
const noContent = () => new Response(null, { status: 204 });
// JSON like every other refusal here, so a client reads one shape (found by test/fuzz/ops-bodies.fuzz.test.ts).
const methodNotAllowed = (allow: string) =>
  Response.json({ error: `method not allowed; use ${allow}` }, { status: 405, headers: { allow } });
