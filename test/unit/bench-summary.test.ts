import { describe, expect, it } from 'vitest';
import { figuresTable, type Row } from '../../bench/summary';

const row = (monitor: string, cpu: number, launch: number | null): Row => ({
  n: 2000,
  monitor,
  launchMsMedian: launch,
  launchMs: [],
  windowS: 15,
  refreshesObserved: 15,
  refreshesExpected: 15,
  queriesPerRefresh: 1,
  serverMsPerRefresh: 1,
  serverCpuMsPerRefresh: 10,
  cpuMsPerRefresh: cpu,
  peakRssMb: 50,
});

describe('the benchmark figures table', () => {
  it('shows the floor beside pgwarden and pg_activity, each with its ratio to pg_activity', () => {
    const text = figuresTable([row('pgwarden', 20, 300), row('pg_activity', 100, 400), row('floor: SELECT * FROM pg_stat_activity', 15, null)], [2000]);
    const [head, , , cpu, , server] = text.split('\n');
    expect(head).toContain('floor: SELECT * FROM pg_stat_activity ÷ pg_activity');
    expect(cpu!.split('|').map((c) => c.trim())).toEqual(['', 'client CPU per refresh, ms (2-17 s after start)', '20.0', '100.0', '15.0', '0.20', '0.15', '']);
    expect(server!.split('|').map((c) => c.trim())).toContain('1.00');
    // The floor draws no screen.
    expect(text.split('\n')[2]).toContain('—');
    // No second window at this level: no row for it.
    expect(text).not.toContain('60-75 s');
  });

  it('adds the second window a minute in where it was measured', () => {
    const rows = [{ ...row('pgwarden', 20, 300), lateCpuMsPerRefresh: 7 }, { ...row('pg_activity', 100, 400), lateCpuMsPerRefresh: 90 }];
    const late = figuresTable(rows, [2000]).split('\n').find((l) => l.includes('60-75 s after start'));
    expect(late!.split('|').map((c) => c.trim())).toEqual(['', 'client CPU per refresh, ms (60-75 s after start)', '7.0', '90.0', '0.08', '']);
  });
});
