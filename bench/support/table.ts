/**
 * The results table `ery bench` prints: Markdown, padded so it reads in a terminal and pastes into
 * the README as it is.
 */
import type { Row } from './case.ts';

/** A figure for people: thousands separated, about three significant digits, with its unit. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 || Number.isInteger(value) ? 0 : abs >= 10 ? 1 : 2;
  const text = value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit ? `${text} ${unit}` : text;
}

const formatRatio = (ratio: number | null) =>
  ratio === null || !Number.isFinite(ratio) ? '–' : `${ratio.toFixed(ratio >= 10 ? 1 : 2)}×`;

/** The cells of one row, in the table's column order. */
function cells(row: Row): string[] {
  return [
    row.case,
    row.figure,
    `${formatValue(row.baseline, row.unit)} (${row.baselineName})`,
    formatValue(row.ery, row.unit),
    formatRatio(row.ratio),
    row.goal?.text ?? '',
    row.goal ? (row.goal.met ? 'met' : '**missed**') : '',
  ];
}

const HEADER = ['case', 'figure', 'baseline (same run)', 'Ery', 'Ery ÷ baseline', 'goal', 'result'];

/** The table of `rows`, one line each, columns padded to their widest cell. */
export function renderTable(rows: readonly Row[]): string {
  const lines = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? '').length)));
  const render = (line: string[]) =>
    `| ${line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [render(HEADER), rule, ...rows.map((row) => render(cells(row)))].join('\n');
}
