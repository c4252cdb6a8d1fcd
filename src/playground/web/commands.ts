/**
 * The chat page running application commands like the Discord client: `GET /chat/commands` lists
 * what `/` offers, `POST /chat/commands/autocomplete` asks the bot for an option's choices, and
 * `POST /chat/commands` runs one and returns the bot's reply (an ephemeral one exists only here).
 */
import { z } from 'zod';
import { Snowflake } from '../../domain/message.ts';
import type { Playground } from '../index.ts';
import { InteractionInputError, parseCommandLine } from '../interactions/command-input.ts';
import type { CommandOption, CommandRecord } from '../interactions/command-registry.ts';
import { WebChatError } from './errors.ts';
import { readBody, requireAuthor } from './post.ts';
import type { CommandReplyView, CommandUsageView } from './wire.ts';

const CommandBody = z.strictObject({
  channelId: Snowflake,
  userId: Snowflake,
  text: z
    .string()
    .max(4000)
    .refine((t) => t.trim().startsWith('/'), 'A command starts with /.'),
});

const nests = (o: CommandOption) => o.type === 1 || o.type === 2;

/** Every runnable path of the commands usable in `guildId`, each with its options. */
export function commandUsages(pg: Playground, guildId: string): CommandUsageView[] {
  const out: CommandUsageView[] = [];
  const walk = (path: string, description: string, options: readonly CommandOption[]) => {
    const subs = options.filter(nests);
    if (subs.length === 0) {
      out.push({
        usage: path,
        description,
        options: options.map((o) => ({
          name: o.name,
          description: o.description ?? '',
          required: o.required === true,
          autocomplete: o.autocomplete === true,
          choices: (o.choices ?? []).map((c) => String(c.value)),
        })),
      });
    }
    for (const sub of subs) walk(`${path} ${sub.name}`, sub.description ?? '', sub.options ?? []);
  };
  for (const command of pg.interactions.commands(guildId) as CommandRecord[])
    walk(`/${command.name}`, command.description, command.options as unknown as CommandOption[]);
  return out;
}

/** `POST /chat/commands`: runs what was typed; the bot's reply, or a refusal that says what to type. */
export async function runChatCommand(pg: Playground, req: Request): Promise<CommandReplyView> {
  const body = await readBody(req, CommandBody);
  requireAuthor(pg, body.userId, body.channelId);
  return guard(() =>
    pg.interactions.invoke({
      ...parseCommandLine(body.text),
      userId: body.userId,
      channelId: body.channelId,
    }),
  );
}

/**
 * `POST /chat/commands/autocomplete`: choices for the option being typed (the last `name:` of the
 * text): the bot's for an autocompleted option, the registered ones otherwise, none for free text.
 */
export async function autocompleteChatCommand(
  pg: Playground,
  req: Request,
): Promise<{ name: string; value: string }[]> {
  const body = await readBody(req, CommandBody);
  const { guildId } = requireAuthor(pg, body.userId, body.channelId);
  const line = parseCommandLine(body.text);
  const focused = lastOption(body.text);
  const usage = commandUsages(pg, guildId).find((u) => u.usage === `/${line.path.join(' ')}`);
  const option = usage?.options.find((o) => o.name === focused);
  if (!focused || !option) return [];
  if (!option.autocomplete) {
    const typed = String(line.options[focused] ?? '');
    return option.choices.filter((c) => c.startsWith(typed)).map((c) => ({ name: c, value: c }));
  }
  const choices = await guard(() =>
    pg.interactions.autocomplete({ ...line, userId: body.userId, channelId: body.channelId, focused }),
  );
  return choices.map((c) => ({ name: c.name, value: String(c.value) }));
}

/** The name of the option whose value the text ends in, if any. */
function lastOption(text: string): string | undefined {
  const matches = [...text.matchAll(/(?:^|\s)([-_a-z0-9]+):/g)];
  return matches.at(-1)?.[1];
}

async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InteractionInputError) throw new WebChatError('WEB_CHAT_COMMAND', error.message);
    throw error;
  }
}
