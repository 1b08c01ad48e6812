#!/usr/bin/env bash
# Installs Debian's PostgreSQL 15 server binaries when missing. The tests run the
# migrations on it (production runs Debian's 15), and the HA layout uses it.
set -euo pipefail
if [ -x /usr/lib/postgresql/15/bin/postgres ]; then exit 0; fi
echo "installing Debian's postgresql-15 (needed by the tests)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
# The Debian package starts a cluster of its own; the tests start their own servers.
if command -v pg_ctlcluster >/dev/null 2>&1; then pg_ctlcluster 15 main stop >/dev/null 2>&1 || true; fi
