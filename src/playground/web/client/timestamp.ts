/**
 * Discord's timestamp markup, `<t:SECONDS>` or `<t:SECONDS:STYLE>`, as the reader's own clock and
 * language show it, the way Discord's client does
 * (https://discord.com/developers/docs/reference#message-formatting-timestamp-styles). Ery writes
 * them in `/ery budget` and its "budget spent" notices.
 */

/** The styles Discord knows; `f` when none is given. */
export type TimestampStyle = 't' | 'T' | 'd' | 'D' | 'f' | 'F' | 'R';

const FORMATS: Record<Exclude<TimestampStyle, 'R'>, Intl.DateTimeFormatOptions> = {
  t: { hour: '2-digit', minute: '2-digit' },
  T: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  d: { day: '2-digit', month: '2-digit', year: 'numeric' },
  D: { day: 'numeric', month: 'long', year: 'numeric' },
  f: { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  F: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' },
};

/** Relative units, largest first, with their length in seconds. */
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/**
 * The text of `<t:seconds:style>` for a reader at `nowMs` (ms since the epoch): `16:20`, `in 2
 * hours`, `30 November 2026 00:00`. `locale` and `timeZone` default to the reader's own.
 */
export function timestampText(
  seconds: number,
  style: TimestampStyle = 'f',
  nowMs: number = Date.now(),
  options: { locale?: string; timeZone?: string } = {},
): string {
  if (style === 'R') {
    const delta = seconds - nowMs / 1000;
    const [unit, size] = UNITS.find(([, length]) => Math.abs(delta) >= length) ?? ['second', 1];
    return new Intl.RelativeTimeFormat(options.locale, { numeric: 'auto' }).format(
      Math.round(delta / size),
      unit,
    );
  }
  return new Intl.DateTimeFormat(options.locale, { ...FORMATS[style], timeZone: options.timeZone }).format(
    new Date(seconds * 1000),
  );
}
