/**
 * What `ery help` prints. One table of the commands that exist, so the usage text can never list a
 * command the CLI does not run (DESIGN.md "Interfaces people use": `start`, `playground`,
 * `replay`, `migrate`, `bench`, `help`).
 */

interface CommandHelp {
  /** The command as typed, with its arguments. */
  synopsis: string;
  /**
   * The options it takes besides `--help` (node:util `parseArgs` options): flags, or options that
   * take one value. Anything else is refused.
   */
  options: Record<string, { type: 'boolean' } | { type: 'string' }>;
  /** How many arguments it takes after its name; more are refused. */
  maxArguments: number;
  /** How many it needs (default 0); fewer are refused. */
  minArguments?: number;
  /** One line for the command list. */
  summary: string;
  /** What `ery help <command>` adds below the synopsis. */
  details: string;
}

export const COMMANDS = {
  start: {
    synopsis: 'start [--fresh]',
    options: { fresh: { type: 'boolean' } },
    maxArguments: 0,
    summary: 'Run Ery. With no DISCORD_TOKEN it runs the local playground instead.',
    details: `Connects to Discord with DISCORD_TOKEN and runs until SIGINT or SIGTERM, which flush the
saved state first. Without DISCORD_TOKEN it runs \`ery playground\` instead. Migrations are applied
at every start. Only one Ery may use an ERY_DB_PATH at a time.
--fresh  With the playground: start it from its seed, forgetting its saved messages and members,
         and Ery's stored channels and threads in its servers.`,
  },
  playground: {
    synopsis: 'playground [--fresh]',
    options: { fresh: { type: 'boolean' } },
    maxArguments: 0,
    summary: 'Run Ery against the local playground; print its chat page, DISCORD_API_URL and tokens.',
    details: `Starts a local Discord-compatible server with a seeded demo server on ERY_PLAYGROUND_PORT,
connects Ery to it through discord.js, and prints the chat page's address, the DISCORD_API_URL and
the tokens any discord.js client can log in with. Runs even when DISCORD_TOKEN is set. The playground
keeps its world in a SQLite file beside ERY_DB_PATH (data/ery.db.playground for
data/ery.db).
--fresh  Start the playground from its seed, forgetting its saved messages and members, and Ery's
         stored channels and threads in its servers.`,
  },
  replay: {
    synopsis: 'replay <channelId> [options]',
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      thread: { type: 'string' },
      json: { type: 'boolean' },
      verify: { type: 'boolean' },
      inspect: { type: 'boolean' },
      port: { type: 'string' },
      db: { type: 'string' },
    },
    minArguments: 1,
    maxArguments: 1,
    summary:
      'Rebuild a channel’s past from its event log, step by step; --verify checks it, --inspect shows it.',
    details: `Replays the channel's logged events through the channel machine (no model, no Discord, no
timers) and prints a timeline: for each step the time, the event, the state before → after, the
batch and queue sizes and the running thread. Reads the database only; it may run beside Ery.
--from <seq|time>  Start the timeline at this event number or ISO time (2025-05-01T10:00:00Z).
--to <seq|time>    End it there.
--thread <id>      Only the steps of this agent thread, when it ran (restarts that cut it off
                   included), and its records (model replies and tool results, by model step),
                   replayed to the output the thread reported.
--verify           Compare the replay with every persisted snapshot and checkpoint, and replay
                   every thread's records; exit 1 naming the first step that differs.
--json             Print the timeline (or the verification) as JSON.
--inspect          Serve the timeline in the inspector's replay view on 127.0.0.1 and print its
                   address: step forward and back (← →) through the statechart, the batch, the
                   queue, the timers and each thread's records. Runs until Ctrl-C.
--port <n>         The port --inspect serves on (default 0: a free port).
--db <path>        The database to read (default ERY_DB_PATH, as \`ery start\` uses).
Exit codes: 0 ok, 1 nothing to replay, a damaged row, the replay diverged or the output could not
be written, 2 bad options, 130 stopped by Ctrl-C.`,
  },
  migrate: {
    synopsis: 'migrate',
    options: {},
    maxArguments: 0,
    summary: 'Apply database migrations to ERY_DB_PATH.',
    details: 'Creates ERY_DB_PATH if it does not exist and applies every pending migration.',
  },
  bench: {
    synopsis: 'bench [options]',
    options: {
      short: { type: 'boolean' },
      only: { type: 'string' },
      out: { type: 'string' },
      'cpu-prof': { type: 'string' },
    },
    maxArguments: 0,
    summary: 'Measure Ery against baselines run alongside it; print a table and write JSON.',
    details: `Each case runs in its own process against the local playground and an instant scripted model,
and every figure is a ratio to a baseline measured in the same run (a bare discord.js client, a bare
XState actor, raw bun:sqlite, the same batching without actors), with its goal met or missed.
The full run takes several minutes; the machine's load is noted at the start and the end.
--short          Scale every count down (under a minute); the table says by how much.
--only <cases>   Only these cases, comma-separated: ingest, latency, idle-memory, actor-memory,
                 restart, snapshot-writes, plain, inspection, burst.
--out <file>     Where to write the JSON report (default bench-results.json).
--cpu-prof <dir> Run every Ery and bare-client process under Bun's CPU profiler; profiles land in <dir>.
Exit codes: 0 every case ran (goals met or not), 1 a case failed, 2 bad options.`,
  },
  help: {
    synopsis: 'help [command]',
    options: {},
    maxArguments: 1,
    summary: 'Print this help, or one command’s.',
    details: 'Also `ery --help`, `ery -h` and `ery <command> --help`.',
  },
} satisfies Record<string, CommandHelp>;

export type CommandName = keyof typeof COMMANDS;

/** True when `name` is a command the CLI runs. */
export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

const width = Math.max(...Object.values(COMMANDS).map((command) => command.synopsis.length)) + 2;

/** The full usage: every command with its one-line summary. */
export const USAGE = `Usage: ery <command> [options]

Commands:
${Object.values(COMMANDS)
  .map((command) => `  ${command.synopsis.padEnd(width)}${command.summary}`)
  .join('\n')}

Options:
  -h, --help     Print this help (after a command: that command's).
  -V, --version  Print Ery's version.

Configuration is read from the environment (see .env.example).`;

/** One command's usage: its synopsis and what it does. */
export function commandUsage(name: CommandName): string {
  const command: CommandHelp = COMMANDS[name];
  return `Usage: ery ${command.synopsis}\n\n${command.summary}\n${command.details}`;
}
