import { z } from 'zod';
import { channelView } from '../channel-view.ts';
import { defineTool } from '../define-tool.ts';

/** Lists the threads of the channel Ery is working in. */
export default defineTool({
  file: import.meta.url,
  name: 'list_threads',
  category: 'information',
  description:
    'List the threads of this channel (or the posts of this forum): the active ones, and the recently ' +
    'archived public ones, each with id, name, archived and locked. Read one with fetch_messages and its ' +
    'channel_id. Private threads are left out: not everyone here can see them.',
  input: z.object({}),
  // This channel only, whose members are the ones asking; private threads would leak their names.
  permission: { kind: 'none', needsServer: true },
  async run(_input, call) {
    const { active, archived } = await call.actions.listThreads({ channelId: call.channelId }, call.signal);
    const shown = active.filter((thread) => thread.type !== 'private_thread');
    return {
      active: shown.map(channelView),
      recently_archived: archived.map(channelView),
    };
  },
});
