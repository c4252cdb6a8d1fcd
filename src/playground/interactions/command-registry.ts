/**
 * Application commands as Discord keeps them: per application, global or per guild, replaced
 * wholesale by a bulk overwrite (`PUT .../commands`) or created one by one (`POST`). Shapes and
 * limits from https://discord.com/developers/docs/interactions/application-commands.
 */
import { Errors } from '../errors.ts';
import type { Json } from '../serialize.ts';
import type { SnowflakeGenerator } from '../snowflake.ts';

/** Option types (Discord's numbers). */
export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

/** One registered command, as Discord returns it. */
export interface CommandRecord {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  description: string;
  type: number;
  options: Json[];
  default_member_permissions: string | null;
  nsfw: boolean;
  version: string;
}

/** A command option as registered (name, type, nested options, choices, autocomplete). */
export interface CommandOption {
  name: string;
  description?: string;
  type: number;
  required?: boolean;
  autocomplete?: boolean;
  choices?: Array<{ name: string; value: string | number }>;
  options?: CommandOption[];
}

/** Discord's rule for command and option names (CHAT_INPUT): 1–32 lowercase letters, digits, `-`, `_`. */
const NAME = /^[-_\p{Ll}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Every registered command, by application and scope (`''` for global). */
export class CommandRegistry {
  readonly #commands = new Map<string, CommandRecord[]>();

  constructor(private readonly ids: SnowflakeGenerator) {}

  /** The commands of one scope (global when `guildId` is null), in registration order. */
  list(applicationId: string, guildId: string | null): CommandRecord[] {
    return [...(this.#commands.get(scopeKey(applicationId, guildId)) ?? [])];
  }

  /** The command a user in `guildId` would run by `name`: the guild's first, then the global one. */
  find(applicationId: string, guildId: string, name: string): CommandRecord | undefined {
    return (
      this.list(applicationId, guildId).find((c) => c.name === name) ??
      this.list(applicationId, null).find((c) => c.name === name)
    );
  }

  /** Every application with commands visible in `guildId` (guild ones first). */
  visibleIn(guildId: string): CommandRecord[] {
    const out: CommandRecord[] = [];
    for (const [key, commands] of this.#commands) {
      const scope = key.split(':')[1];
      if (scope === guildId || scope === '') out.push(...commands);
    }
    return out;
  }

  /**
   * Bulk overwrite: `body` replaces the scope's commands. A command keeps its id when its name is
   * kept, as on Discord. Throws 50035 naming the bad field; nothing changes then.
   */
  overwrite(applicationId: string, guildId: string | null, body: unknown): CommandRecord[] {
    if (!Array.isArray(body)) throw Errors.invalidForm('_body', 'LIST_TYPE_CONVERT', 'Must be an array');
    if (body.length > 100)
      throw Errors.invalidForm('_body', 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
    const previous = this.list(applicationId, guildId);
    const next = body.map((raw, i) => {
      const parsed = parseCommand(raw, String(i));
      const id = previous.find((c) => c.name === parsed.name)?.id ?? this.ids.next();
      return this.#record(applicationId, guildId, id, parsed);
    });
    const names = new Set(next.map((c) => c.name));
    if (names.size !== next.length)
      throw Errors.invalidForm(
        '_body',
        'APPLICATION_COMMANDS_DUPLICATE_NAME',
        'Application command names must be unique',
      );
    this.#commands.set(scopeKey(applicationId, guildId), next);
    return next;
  }

  /** Creates one command, or updates the one with the same name (Discord's upsert). */
  create(applicationId: string, guildId: string | null, raw: unknown): CommandRecord {
    const parsed = parseCommand(raw, '');
    const list = this.list(applicationId, guildId);
    const index = list.findIndex((c) => c.name === parsed.name);
    const record = this.#record(applicationId, guildId, list[index]?.id ?? this.ids.next(), parsed);
    if (index >= 0) list[index] = record;
    else list.push(record);
    this.#commands.set(scopeKey(applicationId, guildId), list);
    return record;
  }

  #record(applicationId: string, guildId: string | null, id: string, parsed: ParsedCommand): CommandRecord {
    return {
      id,
      application_id: applicationId,
      ...(guildId ? { guild_id: guildId } : {}),
      ...parsed,
      version: this.ids.next(),
    };
  }
}

type ParsedCommand = Omit<CommandRecord, 'id' | 'application_id' | 'guild_id' | 'version'>;

const scopeKey = (applicationId: string, guildId: string | null) => `${applicationId}:${guildId ?? ''}`;

function parseCommand(raw: unknown, at: string): ParsedCommand {
  const field = (name: string) => (at === '' ? name : `${at}.${name}`);
  if (typeof raw !== 'object' || raw === null)
    throw Errors.invalidForm(
      at || '_body',
      'DICT_TYPE_CONVERT',
      'Only dictionaries may be used in a DictType',
    );
  const c = raw as Record<string, unknown>;
  const type = c.type === undefined ? 1 : Number(c.type);
  const name = checkName(c.name, field('name'));
  const description = type === 1 ? checkDescription(c.description, field('description')) : '';
  const options = parseOptions(c.options, field('options'), 0);
  const perms = c.default_member_permissions;
  return {
    name,
    description,
    type,
    options: options as unknown as Json[],
    default_member_permissions: perms === undefined || perms === null ? null : String(perms),
    nsfw: c.nsfw === true,
  };
}

function parseOptions(raw: unknown, at: string, depth: number): CommandOption[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw Errors.invalidForm(at, 'LIST_TYPE_CONVERT', 'Must be an array');
  if (raw.length > 25) throw Errors.invalidForm(at, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  return raw.map((o, i) => {
    const here = `${at}.${i}`;
    const opt = (o ?? {}) as Record<string, unknown>;
    const type = Number(opt.type);
    if (!Number.isInteger(type) || type < 1 || type > 11)
      throw Errors.invalidForm(
        `${here}.type`,
        'BASE_TYPE_CHOICES',
        'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.',
      );
    // Groups hold subcommands, subcommands hold values: at most two levels of nesting.
    const nests = type === OptionType.Subcommand || type === OptionType.SubcommandGroup;
    if (nests && depth >= 2)
      throw Errors.invalidForm(
        `${here}.type`,
        'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
        'Sub-commands nest at most two levels deep',
      );
    return {
      name: checkName(opt.name, `${here}.name`),
      description: checkDescription(opt.description, `${here}.description`),
      type,
      ...(opt.required === true ? { required: true } : {}),
      ...(opt.autocomplete === true ? { autocomplete: true } : {}),
      ...(Array.isArray(opt.choices) ? { choices: opt.choices as CommandOption['choices'] } : {}),
      ...(nests ? { options: parseOptions(opt.options, `${here}.options`, depth + 1) } : {}),
    };
  });
}

function checkName(value: unknown, at: string): string {
  if (typeof value !== 'string' || !NAME.test(value))
    throw Errors.invalidForm(at, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  return value;
}

function checkDescription(value: unknown, at: string): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 100)
    throw Errors.invalidForm(at, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  return value;
}
