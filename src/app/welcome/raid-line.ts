import { inertText } from '../../domain/inert-text.ts';
import { formatDuration } from '../slash/settings/values.ts';
import type { RaidSummary } from './join-gate.ts';

/**
 * The mod-log's one line about a raid: how many joined, the first names, over how long, and the
 * policy it met. Names are the members' own, made inert (a name cannot add a line or a mention),
 * and the post pings nobody (`allowedMentions` none).
 */
export function raidLine(summary: RaidSummary): string {
  const more = summary.count - summary.names.length;
  const names = summary.names.map(inertText).join(', ') + (more > 0 ? ` and ${more} more` : '');
  const span = formatDuration(Math.max(0, summary.lastAt - summary.firstAt));
  return (
    `🚨 **Raid**: ${summary.count} members joined within ${span} (${names}); ` +
    `none was welcomed. Policy: ${summary.joins} joins within ${formatDuration(summary.windowMs)}.`
  );
}
