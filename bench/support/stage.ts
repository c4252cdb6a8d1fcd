/**
 * A stage for one measured run: a fresh playground seeded with a bench world, the instant model,
 * a temporary folder, and the subject (bare client or Ery) logged in to them. Everything is torn
 * down after the run, so no session, socket or file of one run weighs on the next.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotIdentityStore } from '../../src/db/bot-identity-store.ts';
import { type EryDatabase, openDatabase } from '../../src/db/client.ts';
import { createSqliteRecentMessageStore } from '../../src/db/recent-message-store.ts';
import { CHANNEL_START } from '../../src/history/recent-messages.ts';
import { type Playground, startPlayground } from '../../src/playground/index.ts';
import { type InstantModel, type ModelScript, startInstantModel } from './instant-model.ts';
import type { SubjectConfig } from './protocol.ts';
import { SubjectProcess } from './subject-process.ts';
import { type BenchWorld, benchWorld } from './world.ts';

/** What a run gets. */
export interface Stage {
  playground: Playground;
  world: BenchWorld;
  model: InstantModel;
  /** A temporary folder, removed after the run. */
  dir: string;
  /** Ery's database file in `dir`. */
  dbPath: string;
}

/** How to set a stage up. */
export interface StageOptions {
  channels: number;
  script: ModelScript;
}

/** Runs `body` on a fresh stage and tears it down after, whatever happens. */
export async function onStage<T>(options: StageOptions, body: (stage: Stage) => Promise<T>): Promise<T> {
  const world = benchWorld(options.channels);
  const playground = await startPlayground({ seed: world.seed });
  const model = startInstantModel(options.script);
  const dir = mkdtempSync(join(tmpdir(), 'ery-bench-'));
  try {
    return await body({ playground, world, model, dir, dbPath: join(dir, 'ery.db') });
  } finally {
    await playground.stop();
    await model.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Marks every channel's history as already read once, as in an Ery that has served these channels
 * before (issue 10: a warm channel's thread makes no REST call). Without it each channel's first
 * thread asks Discord once, and Discord's 50 requests/s, not Ery, would set every pace.
 */
export function warmHistory(dbPath: string, channelIds: readonly string[]): void {
  const db = openDatabase(dbPath);
  try {
    createSqliteRecentMessageStore(db).write(
      channelIds.map((channelId) => ({ channelId, upserts: [], removals: [], completeFrom: CHANNEL_START })),
    );
  } finally {
    closeWhole(db);
  }
}

/**
 * Remembers the bot's user id for the token subjects log in with, as an Ery that logged in before
 * has it: its threads resumed at start then reach the model before Discord is ready.
 */
export function rememberIdentity(stage: Stage): void {
  const db = openDatabase(stage.dbPath);
  try {
    new BotIdentityStore(db).remember(subjectToken(stage), stage.world.botId, Date.now());
  } finally {
    closeWhole(db);
  }
}

/** The token a subject logs in to the stage's playground with: the bot's. */
const subjectToken = (stage: Stage): string => stage.playground.tokenFor(stage.world.botId);

/**
 * Closes a database with everything in its main file: statements still prepared keep SQLite from
 * folding the WAL in at close, and a copy of the main file alone would miss what is in it.
 */
export function closeWhole(db: EryDatabase): void {
  db.$client.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.$client.close();
}

/**
 * Runs `body` with a subject of `kind` logged in to the stage's playground as the bot, and stops
 * the subject after, whatever happens.
 */
export async function withSubject<T>(
  stage: Stage,
  kind: SubjectConfig['kind'],
  extra: Partial<SubjectConfig>,
  body: (subject: SubjectProcess & { readyAt: number }) => Promise<T>,
): Promise<T> {
  const subject = await SubjectProcess.start({
    kind,
    apiUrl: stage.playground.apiUrl,
    token: subjectToken(stage),
    botId: stage.world.botId,
    modelUrl: stage.model.baseURL,
    dbPath: stage.dbPath,
    ...extra,
  });
  try {
    return await body(subject);
  } finally {
    await subject.stop();
  }
}

/** Runs `body` on Ery's database in a fresh folder (migrated, with Ery's pragmas), removed after. */
export async function withTempDatabase<T>(body: (db: EryDatabase) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ery-bench-db-'));
  const db = openDatabase(join(dir, 'ery.db'));
  try {
    return await body(db);
  } finally {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
