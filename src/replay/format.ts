import { printable } from '../domain/printable.ts';
import type { AgentStepView } from './agent-steps.ts';
import { plural } from './describe-event.ts';
import type { Timeline, TimelineStep, TimelineThread } from './timeline.ts';
import type { Verification } from './verify.ts';

/** `2025-05-01 10:00:01.120`, UTC. */
function clock(at: number): string {
  return new Date(at).toISOString().replace('T', ' ').replace('Z', '');
}

/** Lines as printed: each one escaped (see `printable`), then joined; recorded text is never obeyed. */
function lines(all: string[]): string {
  return `${all.map(printable).join('\n')}\n`;
}

/** `step` as a line of the timeline; `width`: of the seq column, the widest seq shown. */
function stepLine(step: TimelineStep, width: number): string {
  const transition = `${step.before ?? '—'} → ${step.after}`;
  const detail = step.detail ? `: ${step.detail}` : '';
  const marks = [
    step.started && `▶ ${step.started}`,
    step.ended && `■ ${step.ended.thread} ${step.ended.status}`,
    step.error && `✗ the machine threw: ${step.error}`,
  ].filter(Boolean);
  const line = `${String(step.seq).padStart(width)}  ${clock(step.at)}  ${transition.padEnd(22)}${String(step.batch).padStart(5)}${String(step.queue).padStart(6)}  ${step.event}${detail}${marks.length > 0 ? `  ${marks.join('  ')}` : ''}`;
  if (!step.missing) return line;
  const { from, to } = step.missing;
  return `${''.padStart(width)}  … event${from === to ? ` #${from} is` : `s #${from}–#${to} are`} missing from the log\n${line}`;
}

/** One record of a thread: the model step it belongs to, then what it is (a model reply or a tool result). */
function agentStepLine(view: AgentStepView): string {
  const head = `  step ${String(view.step).padEnd(3)} ${view.kind === 'model' ? 'model reply ' : 'tool result '}`;
  if ('unreadable' in view) return `${head}unreadable record ${view.key}`;
  if (view.kind === 'model') {
    const calls = view.calls.map(
      (call) =>
        `${call.name}(${call.arguments.length > 60 ? `${call.arguments.slice(0, 59)}…` : call.arguments})`,
    );
    const said = view.text ? `  text: ${JSON.stringify(view.text)}` : '';
    const tokens = `${view.usage.promptTokens}+${view.usage.completionTokens} tokens`;
    return `${head}${view.model}  ${calls.length > 0 ? `→ ${calls.join(', ')}` : 'no tool call'}${said}  (${tokens})`;
  }
  return `${head}${view.callId}: ${view.decision}${view.ok ? '' : ', failed'}  ${view.result}`;
}

/**
 * When a thread ran: start and end, with how long it took; one cut off by a restart says when it
 * was last seen and when it resumed instead, since its start-to-end time spans the downtime.
 */
function threadTimes(thread: TimelineThread): string {
  const parts = [thread.startedAt === null ? 'started before the log' : `started ${clock(thread.startedAt)}`];
  for (const cut of thread.interruptions)
    parts.push(
      `interrupted by a restart: last seen ${clock(cut.lastSeenAt)}, resumed ${clock(cut.resumedAt)} (#${cut.seq})`,
    );
  if (thread.endedAt === null) return [...parts, 'still running at the end of the log'].join(' · ');
  const took =
    thread.startedAt !== null && thread.interruptions.length === 0
      ? ` (took ${((thread.endedAt - thread.startedAt) / 1000).toFixed(3)} s)`
      : '';
  return [...parts, `ended ${clock(thread.endedAt)}${took}`].join(' · ');
}

function threadBlock(thread: TimelineThread, verdict?: string): string[] {
  const span = `#${thread.startSeq ?? '?'}–#${thread.endSeq ?? '…'}`;
  const head = `Thread ${thread.id} · ${thread.trigger ?? '?'} · ${thread.status} · ${plural(thread.messages, 'message')} · ${span}`;
  const error = [`  ${threadTimes(thread)}`, ...(thread.error ? [`  error: ${thread.error}`] : [])];
  const steps =
    thread.steps.length > 0
      ? [`  ${plural(thread.steps.length, 'record')}, by model step:`, ...thread.steps.map(agentStepLine)]
      : ['  no records'];
  return [head, ...error, ...steps, ...(verdict ? [`  replay: ${verdict}`] : [])];
}

/**
 * The timeline as text: a header with the log's extent, one line per step (state before → after,
 * batch and queue sizes, the event and what it says, threads started ■ and ended), then each thread
 * with its recorded steps when `withThreads` (the `--thread` view), with `verdicts` by thread id.
 */
export function formatTimeline(
  timeline: Timeline,
  options: { withThreads?: boolean; verdicts?: Record<string, string> } = {},
): string {
  const { log } = timeline;
  const header = `Channel ${timeline.channelId}${timeline.guildId ? ` in server ${timeline.guildId}` : ''} · ${plural(log.events, 'event')} (#${log.firstSeq} ${clock(log.firstAt)} – #${log.lastSeq} ${clock(log.lastAt)} UTC)`;
  const width = Math.max(5, ...timeline.steps.map((step) => String(step.seq).length));
  const columns = `${'seq'.padStart(width)}  ${'time (UTC)'.padEnd(23)}  ${'state'.padEnd(22)}${'batch'.padStart(5)}${'queue'.padStart(6)}  event`;
  const all = [header, '', columns, ...timeline.steps.flatMap((step) => stepLine(step, width).split('\n'))];
  if (options.withThreads) {
    for (const thread of timeline.threads)
      all.push('', ...threadBlock(thread, options.verdicts?.[thread.id]));
  }
  return lines(all);
}

/** The verification as text: one line when it passed, else the first divergence and what differs. */
export function formatVerification(result: Verification): string {
  const { checked } = result;
  const counts = [
    plural(checked.events, 'event'),
    plural(checked.checkpoints, 'checkpoint'),
    plural(checked.snapshots, 'stored snapshot'),
    plural(checked.restores, 'restore'),
    `the records of ${plural(checked.threads, 'thread')}`,
  ].join(', ');
  const out: string[] = [];
  const first = result.divergence;
  if (first) {
    out.push(
      `✗ channel ${result.channelId} diverges at #${first.seq} (${first.event}) from the ${first.against}:`,
    );
    for (const difference of first.differences) out.push(`    ${difference}`);
    if (result.divergences > 1)
      out.push(`  ${plural(result.divergences, 'divergence')} in all; the first is shown`);
  } else if (result.unverified.length > 0) {
    out.push(
      `! channel ${result.channelId}: the replay matches what could be compared (${counts}), but not everything could be:`,
    );
  } else {
    out.push(`✓ channel ${result.channelId}: the replay matches (${counts})`);
  }
  for (const note of result.unverified) out.push(`  not compared: ${note}`);
  return lines(out);
}
