import { describe, expect, test } from 'bun:test';
import { type Row, row } from '../../bench/support/case.ts';
import { formatValue, renderTable } from '../../bench/support/table.ts';

const sample = (goal: Row['goal'], ery = 2, baseline: number | null = 4): Row =>
  row({
    case: 'ingest',
    figure: 'messages/s',
    baselineName: 'bare client',
    baseline,
    ery,
    unit: 'msg/s',
    goal,
  });

describe('the bench table', () => {
  test('GIVEN figures of every size THEN about three significant digits, thousands separated, with the unit', () => {
    expect(formatValue(55_123.4, 'msg/s')).toBe('55,123 msg/s');
    expect(formatValue(12.345, 'ms')).toBe('12.3 ms');
    expect(formatValue(0.8765, 'KiB')).toBe('0.88 KiB');
    expect(formatValue(0, '')).toBe('0');
    expect(formatValue(null, 's')).toBe('–');
    expect(formatValue(Number.POSITIVE_INFINITY, 'ms')).toBe('∞');
  });

  test('GIVEN rows with a goal met, missed and none THEN each line says so, with the ratio, in aligned columns', () => {
    const lines = renderTable([
      sample({ text: '≥ 0.5×', met: true }),
      sample({ text: '≥ 0.8×', met: false }),
      sample(null, 3, null),
    ]).split('\n');
    expect(lines).toHaveLength(5);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[2]).toMatch(/\| 0\.50× +\| ≥ 0\.5× \| met +\|$/);
    expect(lines[3]).toMatch(/\| ≥ 0\.8× \| \*\*missed\*\* \|$/);
    expect(lines[4]).toMatch(/\| – +\| +\| +\|$/);
  });
});
