/** Disk full: what pg_wal and the temporary files take now, against what they should. */
import { bytes } from '../../format';
import { walDirSource, walSource } from '../sources';
import { tempFilesSource } from '../tableSources';
import { grantStats } from './coverage';
import type { Unseen } from '../types';
import { defineCheck, gradeHigh, worst } from './define';
import { withUnseen } from './coverage';

export const walAndTemp = defineCheck({
  id: 'wal_temp_usage',
  title: 'pg_wal and temporary files',
  thresholdsDoc: 'warn/fail: pg_wal size as a multiple of max(max_wal_size, wal_keep_size) (above it, something keeps WAL: a slot, failing archiving); min: temporary file bytes open now above which they are listed as a finding',
  defaults: { warn: 2, fail: 4, min: 1024 ** 3 },
  sources: [walDirSource, walSource, tempFilesSource],
  evaluate([dir, wal, temp], th, env) {
    const unseen: Unseen[] = [];
    const rows: string[][] = [];
    const findings: string[] = [];
    let grade: 'pass' | 'warn' | 'fail' = 'pass';
    const limit = Math.max(wal.maxWalSize, wal.walKeepSize);
    if ('bytes' in dir) {
      const x = limit > 0 ? dir.bytes / limit : 0;
      grade = gradeHigh(x, th) as typeof grade;
      rows.push(['pg_wal', String(bytes(dir.bytes)), `${dir.files} files`, `${x.toFixed(1)}x max(max_wal_size, wal_keep_size) = ${String(bytes(limit))}`]);
      if (grade !== 'pass') findings.push('wal_dir:large');
    } else unseen.push({ reason: dir.unavailable, grant: grantStats(env.caps) });
    if ('bytes' in temp) {
      rows.push(['temporary files (pgsql_tmp)', String(bytes(temp.bytes)), `${temp.files} files`, temp.bytes >= (th.min ?? 1024 ** 3) ? 'large: a runaway sort or hash; temp_file_limit stops it' : '']);
      if (temp.bytes >= (th.min ?? 1024 ** 3)) findings.push('temp_files:large');
    } else unseen.push({ reason: temp.unavailable, grant: grantStats(env.caps) });
    const outcome = worst([grade, findings.includes('temp_files:large') ? 'warn' : 'pass']);
    return withUnseen({ outcome, summary: rows.map((r) => `${r[0]} ${r[1]}`).join(', ') || 'nothing could be read', evidence: { columns: ['what', 'size', 'files', 'judged'], rows }, findings }, unseen);
  },
});
