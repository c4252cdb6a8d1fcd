import { parseArgs } from 'node:util';
import { EryError } from '../domain/errors.ts';
import { COMMANDS, type CommandName, isCommand } from './usage.ts';

/** What the command line asks for. */
export type Invocation =
  /** Print the usage (of one command when `topic` is set), exit with `exitCode`. */
  | { kind: 'usage'; topic?: CommandName; exitCode: 0 | 2 }
  | { kind: 'version' }
  | { kind: 'run'; command: CommandName; fresh: boolean; arguments: string[] };

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
 * allows. Anything else is refused (issue 7: a typo such as `--frsh` must never run the command
 * without the option the user meant).
 *
 * @throws {UsageError} an unknown command, an unknown option or a value given to a flag, or more
 *   arguments than the command takes.
 */
export function parseInvocation(argv: readonly string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: 'usage', exitCode: 2 };
  if (rest.length === 0 && VERSION_FLAGS.has(first)) return { kind: 'version' };
  if (rest.length === 0 && HELP_FLAGS.has(first)) return { kind: 'usage', exitCode: 0 };
  if (first.startsWith('-'))
    throw new UsageError(`unknown option ${JSON.stringify(first)}; see \`ery help\``);
  if (!isCommand(first)) throw new UsageError(`unknown command ${JSON.stringify(first)}`, true);
  const { help, fresh, positionals } = readOptions(first, rest);
  if (first === 'help') {
    const topic = positionals[0];
    if (topic !== undefined && !isCommand(topic)) {
      throw new UsageError(`unknown command ${JSON.stringify(topic)}`, true);
    }
    return { kind: 'usage', exitCode: 0, ...(topic ? { topic } : {}) };
  }
  if (help) return { kind: 'usage', topic: first, exitCode: 0 };
  return { kind: 'run', command: first, fresh, arguments: positionals };
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
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (!Object.hasOwn(options, token.name)) {
      throw new UsageError(`unknown option ${JSON.stringify(token.rawName)} for "${command}"${hint}`);
    }
    if (token.value !== undefined) {
      throw new UsageError(`${token.rawName} takes no value (got ${JSON.stringify(token.value)})${hint}`);
    }
  }
  if (positionals.length > spec.maxArguments) {
    const extra = positionals[spec.maxArguments] as string;
    throw new UsageError(`unexpected argument ${JSON.stringify(extra)} for "${command}"${hint}`);
  }
  const flags = new Set(tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : [])));
  return { help: flags.has('help'), fresh: flags.has('fresh'), positionals };
}
