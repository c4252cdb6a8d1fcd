/** Parsing and wording of setting values as people type them in `/ery config set`. */
import type { NamedItem, SlashChoice } from '../../../discord/slash/slash-port.ts';
import { SettingValueError } from './setting.ts';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `2m`, `1500ms`, `1h`, `1d`, or `0`, in ms. Throws {@link SettingValueError}. */
export function parseDuration(raw: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(raw.trim());
  if (!match || (match[2] === undefined && Number(match[1]) !== 0))
    throw new SettingValueError(
      `"${raw}" is not a duration: write it with a unit, like 30s, 2m, 1500ms or 1h.`,
    );
  return Math.round(Number(match[1]) * (UNITS[(match[2] ?? 'ms').toLowerCase()] ?? 1));
}

/**
 * A count typed in decimal digits (`5`, ` 12 `). Refuses what `Number` would also read, such as `0x10`,
 * `1e2`, `5.0` or an empty value (which `Number` takes as 0). Throws {@link SettingValueError}.
 */
export function parseCount(raw: string): number {
  const digits = raw.trim();
  if (!/^\d{1,9}$/.test(digits))
    throw new SettingValueError(`"${raw}" is not a whole number of 1 or more: write it in digits, like 5.`);
  return Number(digits);
}

/** A duration in the largest whole unit: `30s`, `5m`, `1500ms`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNITS[unit] as number;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** `on`/`off` and their synonyms. Throws {@link SettingValueError}. */
export function parseSwitch(raw: string): boolean {
  const word = raw.trim().toLowerCase();
  if (['on', 'true', 'yes', 'enabled'].includes(word)) return true;
  if (['off', 'false', 'no', 'disabled'].includes(word)) return false;
  throw new SettingValueError(`"${raw}" is not on or off.`);
}

/** Suggestions for a switch. */
export const SWITCH_CHOICES: SlashChoice[] = [
  { name: 'on', value: 'on' },
  { name: 'off', value: 'off' },
];

/**
 * Channels or roles by mention (`<#id>`, `<@&id>`), id, or name (`#general`, `Moderator`),
 * separated by commas or spaces. A name with spaces is read whole when it is all that is typed;
 * in a list, names with spaces need commas. Throws naming the unknown one.
 */
export function parseNamedList(raw: string, items: readonly NamedItem[], what: 'channel' | 'role'): string[] {
  // The whole text naming one item comes first: a name with spaces (`Trusted Member`), as
  // autocomplete offers it, is one name, not two.
  const whole = raw.trim().replace(/^[#@]/, '').toLowerCase();
  const named = raw.includes(',') ? undefined : items.find((i) => i.name.toLowerCase() === whole);
  if (named) return [named.id];
  const parts = (raw.includes(',') ? raw.split(',') : raw.split(/\s+/)).map((p) => p.trim()).filter(Boolean);
  const ids = parts.map((part) => {
    const id = /^<(?:#|@&)(\d+)>$/.exec(part)?.[1] ?? (/^\d{15,21}$/.test(part) ? part : undefined);
    const name = part.replace(/^[#@]/, '').toLowerCase();
    const found = id ? items.find((i) => i.id === id) : items.find((i) => i.name.toLowerCase() === name);
    if (!found)
      throw new SettingValueError(
        `No ${what} "${part}" in this server. Its ${what}s: ${items.map((i) => i.name).join(', ') || 'none'}.`,
      );
    return found.id;
  });
  if (ids.length === 0) throw new SettingValueError(`Name at least one ${what}.`);
  return [...new Set(ids)];
}

/** Names of `ids` for people (`#general`, `@Moderator`); unknown ids as they are. */
export function namesOf(ids: readonly string[], items: readonly NamedItem[], prefix: '#' | '@'): string {
  return ids.map((id) => `${prefix}${items.find((i) => i.id === id)?.name ?? id}`).join(', ');
}

/** Suggestions completing the last name of a list being typed (`general, ran` → `general, random`). */
export function suggestNames(
  typed: string,
  items: readonly NamedItem[],
  extra: string[] = [],
): SlashChoice[] {
  const cut = typed.lastIndexOf(',');
  const head = cut < 0 ? '' : `${typed.slice(0, cut + 1).trim()} `;
  const last = typed
    .slice(cut + 1)
    .trim()
    .replace(/^[#@]/, '')
    .toLowerCase();
  // Names already in the list are not offered again (`Helper, ` does not suggest `Helper, Helper`).
  const named = new Set(
    typed
      .slice(0, Math.max(0, cut))
      .split(',')
      .map((part) => part.trim().replace(/^[#@]/, '').toLowerCase()),
  );
  const words = [...(head === '' ? extra : []), ...items.map((i) => i.name)];
  return words
    .filter((w) => w.toLowerCase().startsWith(last) && !named.has(w.toLowerCase()))
    .map((w) => ({ name: `${head}${w}`, value: `${head}${w}` }));
}
