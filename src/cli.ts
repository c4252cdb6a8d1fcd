#!/usr/bin/env bun
import packageJson from '../package.json' with { type: 'json' };
import { parseInvocation, UsageError } from './commands/arguments.ts';
import { benchCommand } from './commands/bench.ts';
import { migrateCommand } from './commands/migrate.ts';
import { replayCommand } from './commands/replay.ts';
import { startCommand } from './commands/start.ts';
import { commandUsage, USAGE } from './commands/usage.ts';
import { loadEnv, secretValues } from './domain/config.ts';
import { EryError } from './domain/errors.ts';
import { printable } from './domain/printable.ts';
import { secretScrubber } from './domain/secret-scrubber.ts';
import { createLogger } from './logger.ts';

/** Entry point of the `ery` CLI. Exit codes: 0 ok, 1 runtime failure, 2 usage or config error. */
async function main(argv: string[]): Promise<void> {
  const invocation = parseInvocation(argv);
  if (invocation.kind === 'version') {
    process.stdout.write(`${packageJson.version}\n`);
    process.exit(0);
  }
  if (invocation.kind === 'usage') {
    // Bare `ery` is a usage error; `ery help`, `ery --help` and `ery <command> --help` are not.
    process.stdout.write(`${invocation.topic ? commandUsage(invocation.topic) : USAGE}\n`);
    process.exit(invocation.exitCode);
  }
  const env = loadEnv();
  const logger = createLogger({ level: env.LOG_LEVEL, secrets: secretValues() });
  switch (invocation.command) {
    case 'start':
      return startCommand(env, logger, { fresh: invocation.fresh });
    case 'playground':
      return startCommand(env, logger, { playground: true, fresh: invocation.fresh });
    case 'migrate':
      return migrateCommand(env, logger);
    case 'replay':
      return process.exit(await replayCommand(invocation.arguments[0] as string, invocation.options, env));
    case 'bench':
      process.exit(await benchCommand(invocation.options));
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`ery: ${printable(error.message)}\n${error.unknownCommand ? `\n${USAGE}\n` : ''}`);
    process.exit(2);
  }
  // What stderr shows is scrubbed like every log line: an error may quote a token from a request.
  const scrub = secretScrubber(secretValues());
  if (error instanceof EryError) {
    // One line, whatever the message quotes (a recorded value, an argument): never obeyed by the terminal.
    process.stderr.write(`ery: ${scrub(printable(error.message))}\n`);
    process.exit(error.code === 'CONFIG_INVALID' ? 2 : 1);
  }
  process.stderr.write(
    `ery: ${scrub(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
  );
  process.exit(1);
});
