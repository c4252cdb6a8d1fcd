import { parseArgs } from 'node:util';
import { EryError } from '../domain/errors.ts';
import { COMMANDS, type CommandName, isCommand } from './usage.ts';

/** What the command line asks for. */
export type Invocation =
  /** Print the usage (of one command when `topic` is set), exit with `exitCode`. */
  | { kind: 'usage'; topic?: CommandName; exitCode: 0 | 2 }
  | { kind: 'version' }
  | {
      kind: 'run';
      command: CommandName;
      fresh: boolean;
      arguments: string[];
      /** The command's options as given: flags as `true`, valued options as their text. */
      options: Record<string, string | true>;
    };

/**
 * The command line is not one the CLI runs (exit code 2). `command` is set when the mistake is in
 * a known command's options or arguments, so its usage can be pointed to; `unknownCommand` when
 * the command itself does not exist (the full usage is printed).
 */
export class UsageError extends EryError {
  constructor(
    message: string,
    readonly unknownCommand = false,
  ) {
    super('USAGE', message);
  }
}

const VERSION_FLAGS = new Set(['--version', '-V']);
const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * Reads `argv` (without `bun` and the script): `ery --version`, `ery [--help]`, `ery help
 * [command]`, or a command with the options and number of arguments its entry in `COMMANDS`
 * allows (a valued option takes exactly one value, once). Anything else is refused (issue 7: a typo such as `--frsh` must never run the command
 * without the option the user meant).
 *
 * @throws {UsageError} an unknown command, an unknown option, a value given to a flag or missing
 *   from a valued option, an option given twice, or fewer or more arguments than the command takes.
 */
export function parseInvocation(argv: readonly string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: 'usage', exitCode: 2 };
  if (rest.length === 0 && VERSION_FLAGS.has(first)) return { kind: 'version' };
  if (rest.length === 0 && HELP_FLAGS.has(first)) return { kind: 'usage', exitCode: 0 };
  if (first.startsWith('-'))
    throw new UsageError(`unknown option ${JSON.stringify(first)}; see \`ery help\``);
  if (!isCommand(first)) throw new UsageError(`unknown command ${JSON.stringify(first)}`, true);
  const { help, values, positionals } = readOptions(first, rest);
  if (first === 'help') {
    const topic = positionals[0];
    if (topic !== undefined && !isCommand(topic)) {
      throw new UsageError(`unknown command ${JSON.stringify(topic)}`, true);
    }
    return { kind: 'usage', exitCode: 0, ...(topic ? { topic } : {}) };
  }
  if (help) return { kind: 'usage', topic: first, exitCode: 0 };
  const minArguments = (COMMANDS[first] as { minArguments?: number }).minArguments ?? 0;
  if (positionals.length < minArguments) {
    const synopsis = COMMANDS[first].synopsis;
    throw new UsageError(`"${first}" needs an argument: ery ${synopsis}; see \`ery help ${first}\``);
  }
  return {
    kind: 'run',
    command: first,
    fresh: values.fresh === true,
    arguments: positionals,
    options: values,
  };
}

/** The command's own options and arguments, checked against its entry in `COMMANDS`. */
function readOptions(command: CommandName, args: string[]) {
  const spec = COMMANDS[command];
  const options = { ...spec.options, help: { type: 'boolean', short: 'h' } } as const;
  // Tokens, not strict mode: the refusal then names the option without reading node's message.
  const { tokens, positionals } = parseArgs({
    args,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const hint = `; see \`ery help ${command}\``;
  const values: Record<string, string | true> = {};
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (!Object.hasOwn(options, token.name)) {
      throw new UsageError(`unknown option ${JSON.stringify(token.rawName)} for "${command}"${hint}`);
    }
    const valued = (options as Record<string, { type: string }>)[token.name]?.type === 'string';
    if (!valued && token.value !== undefined) {
      throw new UsageError(`${token.rawName} takes no value (got ${JSON.stringify(token.value)})${hint}`);
    }
    // `--from --to 3` would read "--to" as the value of --from.
    if (valued && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      throw new UsageError(`${token.rawName} needs a value${hint}`);
    }
    if (valued && Object.hasOwn(values, token.name)) {
      throw new UsageError(`${token.rawName} is given twice${hint}`);
    }
    values[token.name] = valued ? (token.value as string) : true;
  }
  if (positionals.length > spec.maxArguments) {
    const extra = positionals[spec.maxArguments] as string;
    throw new UsageError(`unexpected argument ${JSON.stringify(extra)} for "${command}"${hint}`);
  }
  return { help: values.help === true, values, positionals };
}
