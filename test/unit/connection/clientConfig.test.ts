import { describe, expect, it } from 'vitest';
import {
  ConnectionConfigError,
  connectionPlan,
  fallbackOnError,
  IDLE_IN_TRANSACTION_TIMEOUT_MS,
  PasswordRequiredError,
  resolveConnection,
  toClientConfig,
  type ConnectionInput,
} from '../../../src/data/connection';
import { fakeDeps } from './fakeDeps';

const extra = { applicationName: 'pgwarden', statementTimeoutMs: 5000, lockTimeoutMs: 1000 };
const resolve = (i: Partial<ConnectionInput>) => resolveConnection({ positional: [], flags: {}, env: {}, ...i }, fakeDeps().deps);

describe('toClientConfig', () => {
  it('sets every field the driver would otherwise take from its defaults or PG* variables', () => {
    const t = resolve({ flags: { host: 'db', port: 5433, username: 'u', dbname: 'app' }, env: { PGSSLMODE: 'disable', PGCONNECT_TIMEOUT: '4' } });
    const [c, ...rest] = toClientConfig(t, extra);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      host: 'db',
      port: 5433,
      user: 'u',
      database: 'app',
      ssl: false,
      sslnegotiation: 'postgres',
      application_name: 'pgwarden',
      statement_timeout: 5000,
      lock_timeout: 1000,
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
      connectionTimeoutMillis: 4000,
      keepAlive: true,
    });
    expect(c!.options).toBe('-c search_path=pg_catalog,pg_temp');
    expect(typeof c!.password).toBe('function');
  });

  it('passes a socket directory as the host', () => {
    const [c] = toClientConfig(resolve({ flags: { host: '/var/run/postgresql' } }), extra);
    expect(c!.host).toBe('/var/run/postgresql');
    expect(c!.stream).toBeUndefined();
  });

  it('makes one config per attempt, identical but for ssl', () => {
    const configs = toClientConfig(resolve({ flags: { host: 'db' } }), extra);
    expect(configs.map((c) => c.ssl === false)).toEqual([false, true]);
    const { ssl: _a, ...first } = configs[0]!;
    const { ssl: _b, ...second } = configs[1]!;
    expect(first).toEqual(second);
  });

  it.each([
    [undefined, false, '-c search_path=pg_catalog,pg_temp'],
    [undefined, true, '-c default_transaction_read_only=on -c search_path=pg_catalog,pg_temp'],
    // pgwarden's own queries name catalogs only: its search_path comes last and wins.
    ['-c search_path=app', false, '-c search_path=app -c search_path=pg_catalog,pg_temp'],
    ['-c search_path=app', true, '-c search_path=app -c default_transaction_read_only=on -c search_path=pg_catalog,pg_temp'],
  ])('options %j with readOnly=%s', (pgoptions, readOnly, expected) => {
    const t = resolve({ flags: { host: 'db' }, env: pgoptions ? { PGOPTIONS: pgoptions } : {} });
    expect(toClientConfig(t, { ...extra, readOnly })[0]!.options).toBe(expected);
  });

  it("the user's application_name wins over pgwarden's", () => {
    expect(toClientConfig(resolve({ env: { PGAPPNAME: 'mine' } }), extra)[0]!.application_name).toBe('mine');
    expect(toClientConfig(resolve({ positional: ['application_name=conn'] }), extra)[0]!.application_name).toBe('conn');
  });

  it('gives the driver the lazy password getter', async () => {
    const [c] = toClientConfig(resolve({ password: 'pw' }), extra);
    expect(await (c!.password as () => Promise<string>)()).toBe('pw');
  });

  it('turns "no password" into PasswordRequiredError', async () => {
    const [c] = toClientConfig(resolve({ flags: { host: 'db', dbname: 'app' } }), extra);
    const getter = c!.password as () => Promise<string>;
    await expect(getter()).rejects.toBeInstanceOf(PasswordRequiredError);
    await expect(getter()).rejects.toThrow('the server asks for a password, and no password was provided');
  });

  it('connectionPlan bundles the attempts with fallbackOnError', () => {
    const plan = connectionPlan(resolve({ flags: { host: 'db' } }), extra);
    expect(plan.attempts).toHaveLength(2);
    expect(plan.fallbackOnError).toBe(fallbackOnError);
  });
});

describe('abstract-namespace sockets', () => {
  it('are recognized as sockets but refused when building configs', () => {
    const t = resolve({ flags: { host: '@pg' } });
    expect(t.hostIsSocket).toBe(true);
    expect(() => toClientConfig(t, extra)).toThrow(ConnectionConfigError);
    expect(() => toClientConfig(t, extra)).toThrow('abstract-namespace socket "@pg" cannot be reached from Node.js');
  });
});
