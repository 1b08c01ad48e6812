import {
  DB_SITES,
  etcdEndpoints,
  PATRONI_SCOPE,
  PG_BIN,
  pgDataDir,
  portsOf,
  SITES,
  siteDir,
  type DbSite,
  type Layout,
  type Site,
} from './topology.ts';
import { toYaml, type YamlValue } from './yaml.ts';

/**
 * Patroni timings. The leader renews its key every LOOP_WAIT; the key expires TTL
 * after the last renewal, and only then may dc-b take over, so TTL bounds the RTO.
 * Patroni requires LOOP_WAIT + 2 × RETRY_TIMEOUT ≤ TTL: a leader that cannot reach
 * etcd for RETRY_TIMEOUT (twice) demotes itself before its key can expire, so two
 * leaders never accept writes at once: 1 + 2 × 3 = 7. A 3 s retry_timeout rides out
 * a slow etcd write on a busy 2-core machine without a spurious demotion.
 * Measured (loopback, 2 cores): first write through dc-b 7-11 s after the kill; the
 * high end is when dc-a also held the etcd leadership, because a new etcd leader
 * renews every lease once (up to TTL more, plus its ~1 s election).
 */
export const PATRONI_TIMINGS = { ttl: 7, loop_wait: 1, retry_timeout: 3 } as const;

/**
 * etcd raft timings: heartbeat 100 ms and election 1 s (the etcd defaults, right for
 * sites < 10 ms apart). Losing the etcd leader costs about one election timeout,
 * well inside TTL.
 */
export const ETCD_TIMINGS = { heartbeatMs: 100, electionMs: 1_000 } as const;

export function etcdArgs(layout: Layout, site: Site): string[] {
  const p = portsOf(layout, site);
  const cluster = SITES.map((s) => `${s}=http://127.0.0.1:${portsOf(layout, s).etcdPeer}`).join(',');
  return [
    '--name',
    site,
    '--data-dir',
    `${siteDir(layout, site)}/etcd`,
    '--listen-client-urls',
    `http://127.0.0.1:${p.etcdClient}`,
    '--advertise-client-urls',
    `http://127.0.0.1:${p.etcdClient}`,
    '--listen-peer-urls',
    `http://127.0.0.1:${p.etcdPeer}`,
    '--initial-advertise-peer-urls',
    `http://127.0.0.1:${p.etcdPeer}`,
    '--initial-cluster',
    cluster,
    // Ignored once the data dir exists, so a restarted member rejoins as itself.
    '--initial-cluster-state',
    'new',
    '--initial-cluster-token',
    `salus-ha-${layout.basePort}`,
    '--heartbeat-interval',
    String(ETCD_TIMINGS.heartbeatMs),
    '--election-timeout',
    String(ETCD_TIMINGS.electionMs),
    '--log-level',
    'warn',
    // Small test data: snapshot and compact often enough to stay small.
    '--auto-compaction-retention',
    '1h',
  ];
}

/** One Patroni node per database site. */
export function patroniConfig(layout: Layout, site: DbSite): string {
  const p = portsOf(layout, site);
  const s = layout.secrets;
  const config: YamlValue = {
    scope: PATRONI_SCOPE,
    namespace: '/service/',
    name: site,
    restapi: {
      listen: `127.0.0.1:${p.patroni}`,
      connect_address: `127.0.0.1:${p.patroni}`,
      // Health checks (GET) stay open; switchover/restart (POST) need these credentials.
      authentication: { username: 'patroni', password: s.restapi },
    },
    etcd3: { hosts: etcdEndpoints(layout), protocol: 'http' },
    bootstrap: {
      dcs: {
        ...PATRONI_TIMINGS,
        // Only the synchronous standby may be promoted, and a commit waits for it.
        synchronous_mode: true,
        // Not strict: with the other site gone the leader goes on alone rather than
        // stopping all writes (see docs/operations.md for the trade-off).
        synchronous_mode_strict: false,
        synchronous_node_count: 1,
        maximum_lag_on_failover: 1_048_576,
        postgresql: {
          use_pg_rewind: true,
          use_slots: true,
          parameters: {
            wal_level: 'replica',
            hot_standby: 'on',
            wal_log_hints: 'on',
            synchronous_commit: 'on',
            max_connections: 100,
            max_wal_senders: 10,
            max_replication_slots: 10,
            wal_keep_size: '256MB',
            // English server messages: src/db recognises "canceling wait for synchronous replication".
            lc_messages: 'C',
            shared_buffers: '64MB',
            // As the embedded server (src/db/embedded.ts, ADR 0031): at the 1 GB default a checkpoint started inside
            // each allocation run (1.4 million appointments, ~600 MB of WAL), after which every index page it
            // touched was logged whole again. Both are reloaded without a restart.
            max_wal_size: '4GB',
            checkpoint_timeout: '15min',
          },
        },
      },
      initdb: [{ encoding: 'UTF8' }, { locale: 'C' }, 'data-checksums'],
      pg_hba: [
        'local all all peer',
        'host replication replicator 127.0.0.1/32 scram-sha-256',
        'host all all 127.0.0.1/32 scram-sha-256',
      ],
    },
    postgresql: {
      listen: `127.0.0.1:${p.postgres}`,
      connect_address: `127.0.0.1:${p.postgres}`,
      data_dir: pgDataDir(layout, site),
      bin_dir: PG_BIN,
      // Patroni writes this file itself; PGPASSWORD in its environment would override it.
      pgpass: `${siteDir(layout, site)}/pg/pgpass`,
      authentication: {
        superuser: { username: 'postgres', password: s.superuser },
        replication: { username: 'replicator', password: s.replication },
        rewind: { username: 'rewinder', password: s.rewind },
      },
      parameters: {
        unix_socket_directories: `${siteDir(layout, site)}/pg`,
        logging_collector: 'on',
        log_directory: `${siteDir(layout, site)}/pg/log`,
        log_min_messages: 'warning',
      },
      // A fast checkpoint: the default spread one makes a new replica wait up to
      // 0.9 × checkpoint_timeout (4.5 min) before its base backup starts.
      basebackup: [{ checkpoint: 'fast' }],
      // A crashed leader rejoins with pg_rewind; if that fails, Patroni re-clones it.
      remove_data_directory_on_rewind_failure: true,
      remove_data_directory_on_diverged_timelines: true,
    },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
    log: { level: 'INFO' },
  };
  return toYaml(config);
}

/**
 * Each site's HAProxy sends connections to whichever node answers 200 on Patroni's
 * /primary. Checks every 500 ms, down after 2 failures, up after 1 success: a
 * new leader is routed to within ~0.5 s of its promotion. shutdown-sessions closes
 * connections to a node that stops being primary, so no client keeps writing to it.
 */
export function haproxyConfig(layout: Layout, site: DbSite): string {
  const p = portsOf(layout, site);
  const servers = DB_SITES.map((s) => {
    const q = portsOf(layout, s);
    return `  server ${s} 127.0.0.1:${q.postgres} check port ${q.patroni}`;
  });
  return [
    `# ${site}: generated by deploy/ha/configs.ts`,
    'global',
    '  maxconn 512',
    'defaults',
    '  mode tcp',
    '  timeout connect 1s',
    '  timeout client 30m',
    '  timeout server 30m',
    '  timeout check 1s',
    // No retry inside HAProxy: a refused connection is retried after a 1 s turnaround,
    // twice by default, so a write without a leader took 2 s to fail instead of < 50 ms.
    // The application decides what to retry (withDbRetry) and answers 503 otherwise.
    '  retries 0',
    'listen postgres',
    `  bind 127.0.0.1:${p.haproxy}`,
    '  option httpchk',
    // OPTIONS: Patroni answers with the status line only, which is all HAProxy reads
    // (a GET's body would hit a closed socket and log a traceback every check).
    '  http-check send meth OPTIONS uri /primary',
    '  http-check expect status 200',
    '  default-server inter 500ms fastinter 250ms downinter 500ms fall 2 rise 1 on-marked-down shutdown-sessions',
    ...servers,
    '',
  ].join('\n');
}
