/**
 * The driver's handle on a subject process (../subjects/main.ts): started with Bun's IPC channel, so
 * the subject's heap, CPU and event loop are its own and the playground's are not counted in them.
 */
import type { Subprocess } from 'bun';
import { profilerFlags } from './profiler-flags.ts';
import { type Command, epochNow, type Milestone, type Report, type SubjectConfig } from './protocol.ts';

const MAIN = new URL('../subjects/main.ts', import.meta.url).pathname;

/** A subject that failed or went quiet; the message says which and why. */
export class SubjectError extends Error {
  readonly code = 'BENCH_SUBJECT_FAILED';
}

type Waiter = { type: Report['type']; resolve: (report: Report) => void; reject: (error: Error) => void };

/** A running subject. Stop it with {@link SubjectProcess.stop}. */
export class SubjectProcess {
  /** Messages the subject had received at its last progress report. */
  received = 0;
  readonly #waiters: Waiter[] = [];
  readonly #progress = new Set<() => void>();
  #child!: Subprocess<'ignore', 'inherit', 'inherit'>;
  #failure: Error | null = null;

  private constructor(
    readonly kind: SubjectConfig['kind'],
    /** When the process was spawned (ms since the epoch). */
    readonly spawnedAt: number,
  ) {}

  /**
   * Spawns a subject and waits until it is logged in. `readyAt` is when it said so.
   * @throws {SubjectError} when it exits or fails before that, or is not ready within `timeoutMs`.
   */
  static async start(
    config: SubjectConfig,
    timeoutMs = 300_000,
  ): Promise<SubjectProcess & { readyAt: number }> {
    const subject = new SubjectProcess(config.kind, epochNow());
    subject.#child = Bun.spawn(
      [process.execPath, ...profilerFlags(config.kind), MAIN, JSON.stringify(config)],
      {
        stdin: 'ignore',
        stdout: 'inherit',
        stderr: 'inherit',
        serialization: 'json',
        ipc: (message: Report) => subject.#onReport(message),
        onExit: (_, code) =>
          subject.#fail(new SubjectError(`the ${config.kind} subject exited (code ${code})`)),
      },
    );
    const ready = await subject.next('ready', timeoutMs);
    return Object.assign(subject, { readyAt: (ready as Report & { type: 'ready' }).at });
  }

  /** The next report of `type`. @throws {SubjectError} on failure, exit or after `timeoutMs`. */
  next<T extends Report['type']>(type: T, timeoutMs = 600_000): Promise<Report & { type: T }> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new SubjectError(`the ${this.kind} subject sent no ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.push({
        type,
        resolve: (report) => {
          clearTimeout(timer);
          resolve(report as Report & { type: T });
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  /** Asks the subject to report when `count` of `what` holds; resolves with its report. */
  milestone(what: Milestone, count: number, timeoutMs?: number) {
    const reached = this.next('reached', timeoutMs);
    this.send({ type: 'await', what, count });
    return reached;
  }

  /** Resolves at the subject's next progress report. @throws {SubjectError} once it has failed. */
  async progress(): Promise<void> {
    if (this.#failure) throw this.#failure;
    await new Promise<void>((resolve) => this.#progress.add(resolve));
    if (this.#failure) throw this.#failure;
  }

  send(command: Command): void {
    this.#child.send(command);
  }

  /** Asks the subject to stop, and kills it if it has not exited within 10 s. */
  async stop(): Promise<void> {
    this.#failure ??= new SubjectError('stopped');
    if (this.#child.exitCode === null && !this.#child.killed) {
      this.#child.send({ type: 'stop' } satisfies Command);
      const timer = setTimeout(() => this.#child.kill(), 10_000);
      await this.#child.exited;
      clearTimeout(timer);
    }
  }

  #onReport(report: Report): void {
    if (report.type === 'failed') {
      this.#fail(new SubjectError(`the ${this.kind} subject failed: ${report.message}`));
      return;
    }
    if (report.type === 'progress') {
      this.received = report.received;
      for (const wake of this.#progress) wake();
      this.#progress.clear();
      return;
    }
    const index = this.#waiters.findIndex((waiter) => waiter.type === report.type);
    if (index === -1) return;
    const [waiter] = this.#waiters.splice(index, 1);
    waiter?.resolve(report);
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
    for (const wake of this.#progress) wake();
    this.#progress.clear();
  }
}
