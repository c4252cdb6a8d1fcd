#!/usr/bin/env bun
import { parseArgs } from 'node:util';
import { benchCommand } from './commands/bench.ts';
import { migrateCommand } from './commands/migrate.ts';
import { startCommand } from './commands/start.ts';
import { loadEnv } from './domain/config.ts';
import { EryError } from './domain/errors.ts';
import { createLogger } from './logger.ts';

const USAGE = `Usage: ery <command>

Commands:
  start        Run Ery. With no DISCORD_TOKEN it runs the local playground instead.
  playground   Run Ery against the local playground and print the chat page's address.
  migrate      Apply database migrations to ERY_DB_PATH.
  bench [name] Run the benchmarks in bench/ (each in its own process) and print their figures.

Options of start and playground:
  --fresh      Start the playground from its seed: forget its saved messages and members, and
               Ery's stored channels and threads in its servers.

Configuration is read from the environment (see .env.example).`;

/** Entry point of the `ery` CLI. Exit codes: 0 ok, 1 runtime failure, 2 usage or config error. */
async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { help: { type: 'boolean', short: 'h' }, fresh: { type: 'boolean' } },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(command || values.help ? 0 : 2);
  }
  const env = loadEnv();
  const logger = createLogger({ level: env.LOG_LEVEL });
  switch (command) {
    case 'start':
      return startCommand(env, logger, { fresh: values.fresh === true });
    case 'playground':
      return startCommand(env, logger, { playground: true, fresh: values.fresh === true });
    case 'migrate':
      return migrateCommand(env, logger);
    case 'bench':
      process.exit(await benchCommand(positionals.slice(1)));
      break;
    default:
      process.stderr.write(`ery: unknown command "${command}"\n\n${USAGE}\n`);
      process.exit(2);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof EryError) {
    process.stderr.write(`ery: ${error.message}\n`);
    process.exit(error.code === 'CONFIG_INVALID' ? 2 : 1);
  }
  process.stderr.write(`ery: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
