/**
 * Turns a person's invocation (`/ery config set setting:batch_size value:3`) into the
 * `data.options` tree Discord sends in INTERACTION_CREATE: subcommand groups and subcommands nest,
 * values are typed by the registered option
 * (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-application-command-interaction-data-option-structure).
 */
import { EryError } from '../../domain/errors.ts';
import type { Json } from '../serialize.ts';
import { type CommandOption, type CommandRecord, OptionType } from './command-registry.ts';

/** A refusal of the playground's own interaction API (not Discord's): the message says what to do. */
export class InteractionInputError extends EryError {}

/** What someone typed, split: the command path and its named values. */
export interface CommandLine {
  /** `['ery', 'config', 'set']`. */
  path: string[];
  /** Option name → value as typed. */
  options: Record<string, string | number | boolean>;
}

/**
 * Splits `/ery config set setting:batch_size value:3` into path and options. Words before the
 * first `name:value` are the path; a value runs until the next ` name:`, so it may hold spaces.
 * Throws {@link InteractionInputError} for an option given twice (Discord's client offers each once).
 */
export function parseCommandLine(text: string): CommandLine {
  const body = text.trim().replace(/^\//, '');
  const firstOption = body.search(/(^|\s)[-_a-z0-9]+:/);
  const head = firstOption < 0 ? body : body.slice(0, firstOption);
  const tail = firstOption < 0 ? '' : body.slice(firstOption);
  const options: Record<string, string> = {};
  for (const match of tail.matchAll(/([-_a-z0-9]+):(.*?)(?=\s+[-_a-z0-9]+:|$)/gs)) {
    const name = match[1] as string;
    if (name in options)
      throw new InteractionInputError(
        'INTERACTION_OPTION_REPEATED',
        `${name}: is given twice; give each option once.`,
      );
    options[name] = (match[2] as string).trim();
  }
  return { path: head.split(/\s+/).filter(Boolean), options };
}

/** The resolved invocation: which registered command, its `data.options`, and the leaf's options. */
export interface ResolvedCommand {
  command: CommandRecord;
  options: Json[];
  /** The options of the subcommand that runs (for autocomplete: which one is focused). */
  leaf: CommandOption[];
}

/**
 * Builds `data.options` for `line` against `command`. With `focused` (autocomplete), that option
 * is marked `focused: true`, keeps its partial text as a string, and required options may be
 * missing. Throws {@link InteractionInputError} naming the unknown subcommand or option.
 */
export function resolveCommand(command: CommandRecord, line: CommandLine, focused?: string): ResolvedCommand {
  let level = command.options as unknown as CommandOption[];
  const wrappers: Array<{ name: string; type: number }> = [];
  for (const word of line.path.slice(1)) {
    const next = level.find(
      (o) => o.name === word && (o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup),
    );
    const subcommands = level.filter(
      (o) => o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup,
    );
    if (!next)
      throw new InteractionInputError(
        'INTERACTION_UNKNOWN_SUBCOMMAND',
        subcommands.length > 0
          ? `/${line.path.join(' ')}: "${word}" is not a subcommand here. Try one of: ${names(subcommands)}.`
          : `/${line.path.join(' ')}: "${word}" is not part of the command; write options as name:value.`,
      );
    wrappers.push({ name: next.name, type: next.type });
    level = next.options ?? [];
  }
  if (level.some((o) => o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup))
    throw new InteractionInputError(
      'INTERACTION_SUBCOMMAND_MISSING',
      `/${line.path.join(' ')} needs a subcommand: ${names(level)}.`,
    );
  const values: Json[] = [];
  for (const [name, raw] of Object.entries(line.options)) {
    const option = level.find((o) => o.name === name);
    if (!option)
      throw new InteractionInputError(
        'INTERACTION_UNKNOWN_OPTION',
        `/${line.path.join(' ')} has no option "${name}". Its options: ${names(level) || 'none'}.`,
      );
    const isFocused = name === focused;
    values.push({
      name,
      type: option.type,
      value: isFocused ? String(raw) : typed(option, raw, line),
      ...(isFocused ? { focused: true } : {}),
    });
  }
  if (focused === undefined) {
    const missing = level.find((o) => o.required && !(o.name in line.options));
    if (missing)
      throw new InteractionInputError(
        'INTERACTION_OPTION_MISSING',
        `/${line.path.join(' ')} needs ${missing.name}:<value>.`,
      );
  }
  let options: Json[] = values;
  for (const wrapper of wrappers.reverse()) options = [{ ...wrapper, options }];
  return { command, options, leaf: level };
}

function typed(
  option: CommandOption,
  raw: string | number | boolean,
  line: CommandLine,
): string | number | boolean {
  const fail = (what: string) =>
    new InteractionInputError(
      'INTERACTION_OPTION_INVALID',
      `/${line.path.join(' ')}: ${option.name} must be ${what}.`,
    );
  switch (option.type) {
    case OptionType.Integer:
    case OptionType.Number: {
      const n = Number(raw);
      if (!Number.isFinite(n) || (option.type === OptionType.Integer && !Number.isInteger(n)))
        throw fail(option.type === OptionType.Integer ? 'a whole number' : 'a number');
      return n;
    }
    case OptionType.Boolean:
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      throw fail('true or false');
    default:
      return chosen(option, String(raw), fail);
  }
}

/**
 * For an option with choices, the value of the choice `raw` names, by its value or its name, as
 * Discord's client offers names and sends values; Discord refuses anything else, and so does this.
 */
function chosen(option: CommandOption, raw: string, fail: (what: string) => Error): string {
  if (!option.choices?.length) return raw;
  const wanted = raw.trim().toLowerCase();
  const choice = option.choices.find(
    (c) => String(c.value).toLowerCase() === wanted || c.name.toLowerCase() === wanted,
  );
  if (!choice) throw fail(`one of: ${option.choices.map((c) => c.name).join(', ')}`);
  return String(choice.value);
}

const names = (options: readonly CommandOption[]) => options.map((o) => o.name).join(', ');
