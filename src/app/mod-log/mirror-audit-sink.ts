import { ModerationToolName } from '../../domain/guild-policy.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRow, AuditSink } from '../../tools/audit-sink.ts';
import type { ModLog } from './mod-log-port.ts';

/** Most characters of a reason quoted in the mod-log. */
const MAX_REASON_CHARS = 300;

/**
 * Wraps an audit sink so that every moderation action and every refusal it records is also
 * mirrored into the server's mod-log channel, when one is set (issue 11 §5). The row is stored
 * first, as before; the post follows without holding the tool executor, and a failed post is
 * logged, never lost silently and never failing the call.
 */
export function mirrorToModLog(inner: AuditSink, modLog: ModLog, logger: Logger): AuditSink {
  return {
    record(row) {
      inner.record(row);
      if (!mirrored(row)) return;
      const channelId = modLog.channelFor(row.guildId);
      if (!channelId) return;
      modLog
        .post(channelId, modLogLine(row))
        .catch((error: unknown) =>
          logger.warn(
            { event: 'modlog.post_failed', guildId: row.guildId, channelId, tool: row.tool, err: error },
            'could not mirror an audit entry to the mod-log channel; give Ery Send Messages there, or /ery config set mod_log',
          ),
        );
    },
  };
}

/** Moderation tools (whatever the outcome) and every denial of any tool. */
export function mirrored(row: AuditRow): boolean {
  return ModerationToolName.safeParse(row.tool).success || row.decision === 'denied';
}

/** One short line: what, on whom, who asked, the outcome and the reason. Mentions render, ping nobody. */
export function modLogLine(row: AuditRow): string {
  const args = (typeof row.arguments === 'object' && row.arguments !== null ? row.arguments : {}) as Record<
    string,
    unknown
  >;
  const target = typeof args.user_id === 'string' ? ` on <@${args.user_id}>` : '';
  const asked = row.requesterId ? `asked by <@${row.requesterId}>` : 'on its own';
  const outcome =
    row.decision !== 'allowed'
      ? row.decision
      : row.outcome === 'ok'
        ? 'done'
        : row.outcome === 'error'
          ? 'failed'
          : 'skipped';
  const why = row.reason ?? row.error ?? (typeof args.reason === 'string' ? args.reason : null);
  const icon = outcome === 'done' ? '🛡️' : '⛔';
  const reason = why
    ? ` · reason: ${why.length > MAX_REASON_CHARS ? `${why.slice(0, MAX_REASON_CHARS)}…` : why}`
    : '';
  return `${icon} **${row.tool}**${target} · ${asked} · ${outcome}${reason}`;
}
