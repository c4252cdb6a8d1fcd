import { z } from 'zod';
import { defineTool } from '../define-tool.ts';

/** Summarises the server Ery is working in. */
export default defineTool({
  file: import.meta.url,
  name: 'get_server_stats',
  category: 'information',
  description:
    'Get facts about this server: its name, member count, members online (when known), channel count, ' +
    'creation date and its roles with ids and positions (highest first). Use it to find a role id.',
  input: z.object({}),
  permission: { kind: 'none', needsServer: true },
  async run(_input, call) {
    const guild = await call.actions.getGuild({ guildId: call.guildId }, call.signal);
    return {
      name: guild.name,
      member_count: guild.memberCount,
      online_count: guild.onlineCount,
      channel_count: guild.channelCount,
      created_at: new Date(guild.createdAt).toISOString(),
      roles: [...guild.roles]
        .sort((a, b) => b.position - a.position)
        .map((role) => ({ id: role.id, name: role.name, position: role.position, managed: role.managed })),
    };
  },
});
