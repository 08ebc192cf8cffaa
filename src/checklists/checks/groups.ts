/**
 * Connection leaks: client connections grouped by client address and user, so the application
 * host or pool that keeps opening connections and leaving them idle stands out.
 */
import { activityCollector, type Backend } from '../../data/collectors/activity';
import { duration } from '../../format';
import { fromCollector } from '../sources';
import { hiddenBackends } from './activity';
import { withUnseen } from './coverage';
import { defineCheck, gradeHigh, worst } from './define';

interface Group {
  addr: string;
  user: string;
  total: number;
  idle: number;
  idleInXact: number;
  /** Seconds the longest-idle connection of the group has been idle. */
  longestIdle: number;
}

const isClient = (b: Backend): boolean => b.backendType === 'client backend';

export const connectionGroups = defineCheck({
  id: 'connection_groups',
  title: 'Connections by client address and user',
  thresholdsDoc: 'warn/fail: idle connections (idle, or idle in transaction) held by one client address and user',
  defaults: { warn: 20, fail: 50 },
  sources: [fromCollector(activityCollector)],
  evaluate([backends], th, env) {
    const groups = new Map<string, Group>();
    for (const b of backends.filter(isClient)) {
      // A Unix-socket client has no address.
      const addr = b.clientAddr ?? 'local socket';
      const user = b.user ?? '';
      const g = groups.get(`${addr}\0${user}`) ?? { addr, user, total: 0, idle: 0, idleInXact: 0, longestIdle: 0 };
      g.total++;
      const idle = b.state === 'idle' || (b.state ?? '').startsWith('idle in transaction');
      if (b.state === 'idle') g.idle++;
      if ((b.state ?? '').startsWith('idle in transaction')) g.idleInXact++;
      if (idle && b.stateChange !== null) g.longestIdle = Math.max(g.longestIdle, env.nowS - b.stateChange);
      groups.set(`${addr}\0${user}`, g);
    }
    const sorted = [...groups.values()].sort((a, b) => b.idle + b.idleInXact - (a.idle + a.idleInXact) || b.total - a.total);
    const grade = (g: Group) => gradeHigh(g.idle + g.idleInXact, th);
    const bad = sorted.filter((g) => grade(g) !== 'pass');
    return withUnseen(
      {
        outcome: worst(bad.map(grade)),
        summary: sorted.length === 0 ? 'no client connections' : bad.length === 0 ? `no client address and user holds ${th.warn ?? 20} idle connections; most: ${sorted[0]!.idle + sorted[0]!.idleInXact} (${sorted[0]!.addr}, ${sorted[0]!.user})` : `${bad.length} client address and user pairs hold ${th.warn ?? 20} idle connections or more; most: ${bad[0]!.idle + bad[0]!.idleInXact} from ${bad[0]!.addr} as ${bad[0]!.user}`,
        evidence: { columns: ['client address', 'user', 'connections', 'idle', 'idle in transaction', 'longest idle'], rows: sorted.slice(0, 15).map((g) => [g.addr, g.user, String(g.total), String(g.idle), String(g.idleInXact), String(duration(g.longestIdle))]) },
        findings: bad.map((g) => `connection_group:${g.addr}/${g.user}`),
      },
      hiddenBackends(backends, env),
    );
  },
});
