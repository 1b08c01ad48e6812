#!/usr/bin/env bash
# Installs what the two-site HA layout (deploy/ha/) runs on, when missing: Debian's
# PostgreSQL 15, Patroni, etcd and HAProxy. Quiet and idempotent. The packages' own
# service instances are stopped and disabled afterwards: the layout starts its own
# processes on its own ports, and a Debian etcd on 2379 or HAProxy would collide.
set -euo pipefail
need=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15)
command -v patroni >/dev/null 2>&1 || need+=(patroni)
command -v etcd >/dev/null 2>&1 || need+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || need+=(etcd-client)
command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
# Patroni's etcd3 backend imports python-etcd and dnspython; /usr/bin/python3 is
# named because a pyenv python3 earlier on PATH does not see Debian's modules.
/usr/bin/python3 -c 'import etcd, dns.resolver, psycopg2' >/dev/null 2>&1 || need+=(python3-etcd python3-dnspython python3-psycopg2)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi

echo "installing ${need[*]} (needed by the HA layout)…"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi

# Stop and disable whatever the packages started (systemd hosts; in containers
# policy-rc.d usually prevents the start, and these calls are no-ops).
for unit in etcd haproxy patroni postgresql; do
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now "$unit" >/dev/null 2>&1 || true
  elif [ -x "/etc/init.d/$unit" ]; then
    "/etc/init.d/$unit" stop >/dev/null 2>&1 || true
  fi
done
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters --no-header 2>/dev/null | while read -r version name _; do
    pg_ctlcluster "$version" "$name" stop >/dev/null 2>&1 || true
    # manual: the cluster no longer starts on boot.
    [ -f "/etc/postgresql/$version/$name/start.conf" ] && echo manual >"/etc/postgresql/$version/$name/start.conf"
  done
fi
