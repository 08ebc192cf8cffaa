/**
 * Configuration files of a lab cluster. Durability is switched off (nothing here needs to
 * survive a crash, and fsync dominates start-up on slow disks); everything a monitor reads
 * is switched on.
 */

/** postgresql.conf settings every lab server gets; `conf` overrides win. */
export function baseSettings(port: number, socketDir: string, conf: Record<string, string> = {}): Record<string, string> {
  return {
    listen_addresses: quote('127.0.0.1'),
    port: String(port),
    unix_socket_directories: quote(socketDir),
    // The socket directory is private already; the socket's own mode says so again.
    unix_socket_permissions: '0700',
    // 13 still defaults to md5; pg_hba.conf demands SCRAM verifiers.
    password_encryption: quote('scram-sha-256'),
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    shared_preload_libraries: quote('pg_stat_statements'),
    track_io_timing: 'on',
    track_functions: 'all',
    wal_level: 'logical',
    max_wal_senders: '10',
    max_replication_slots: '10',
    hot_standby: 'on',
    max_connections: '300',
    shared_buffers: '32MB',
    log_min_messages: 'warning',
    logging_collector: 'off',
    ...conf,
  };
}

/** What a standby adds on top of the settings copied from its primary. */
export function standbySettings(
  port: number,
  socketDir: string,
  primary: { socketDir: string; port: number },
): Record<string, string> {
  // The standby connects over the primary's Unix socket: pg_hba.conf trusts local replication.
  // The cluster code only creates plain paths (no spaces or quotes), so no conninfo quoting.
  const conninfo = `host=${primary.socketDir} port=${primary.port} user=postgres application_name=standby1`;
  return {
    port: String(port),
    unix_socket_directories: quote(socketDir),
    primary_conninfo: quote(conninfo),
    // No slot: a stopped standby then cannot make the primary retain WAL forever.
    primary_slot_name: quote(''),
    // Reconnect quickly after the primary restarts (tests may restart it; default 5 s).
    wal_retrieve_retry_interval: quote('200ms'),
  };
}

/** Renders settings as postgresql.conf lines; later lines override earlier ones. */
export function renderSettings(title: string, settings: Record<string, string>): string {
  const lines = Object.entries(settings).map(([k, v]) => `${k} = ${v}`);
  return `\n# ${title}\n${lines.join('\n')}\n`;
}

/**
 * pg_hba.conf. The Unix socket is trusted because nobody else can reach it: it lives in a 0700
 * directory of the server user, inside the cluster's 0700 directory, and the socket itself is
 * 0700 (unix_socket_permissions). Only root and the server user get through, and both can
 * already read the data directory. (peer is no option: when we are root the server runs as
 * nobody while its clients run as root.) TCP is open to every local user, so it always asks
 * for a SCRAM password; the lab's passwords are random per cluster. No line, no connection:
 * other addresses are refused.
 */
export const HBA_CONF = [
  '# TYPE  DATABASE     USER         ADDRESS        METHOD',
  'local   all          all                         trust',
  'local   replication  all                         trust',
  'host    all          all          127.0.0.1/32   scram-sha-256',
  'host    replication  all          127.0.0.1/32   scram-sha-256',
  '',
].join('\n');

/** A postgresql.conf string literal. */
function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
