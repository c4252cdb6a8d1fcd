#!/usr/bin/env bun
import { parseArgs } from 'node:util';
import { benchCommand } from './commands/bench.ts';
import { migrateCommand } from './commands/migrate.ts';
import { startCommand } from './commands/start.ts';
import { commandUsage, isCommand, USAGE } from './commands/usage.ts';
import { loadEnv } from './domain/config.ts';
import { EryError } from './domain/errors.ts';
import { createLogger } from './logger.ts';

/** Entry point of the `ery` CLI. Exit codes: 0 ok, 1 runtime failure, 2 usage or config error. */
async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { help: { type: 'boolean', short: 'h' }, fresh: { type: 'boolean' } },
  });
  const command = positionals[0];
  if (command === 'help' || values.help || !command) {
    // `ery help start` and `ery start --help` both ask about start; bare `ery` is a usage error.
    const topic = command === 'help' ? positionals[1] : command;
    if (topic !== undefined && !isCommand(topic)) unknownCommand(topic);
    process.stdout.write(`${topic ? commandUsage(topic) : USAGE}\n`);
    process.exit(command || values.help ? 0 : 2);
  }
  if (!isCommand(command)) unknownCommand(command);
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
  }
}

function unknownCommand(name: string): never {
  process.stderr.write(`ery: unknown command "${name}"\n\n${USAGE}\n`);
  process.exit(2);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof EryError) {
    process.stderr.write(`ery: ${error.message}\n`);
    process.exit(error.code === 'CONFIG_INVALID' ? 2 : 1);
  }
  process.stderr.write(`ery: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
