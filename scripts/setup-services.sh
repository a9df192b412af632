#!/usr/bin/env bash
# Install what the tests need beyond Python: PostgreSQL and MariaDB servers (started by the tests
# themselves, as the postgres / mysql user on a free loopback port) and Debian's headless
# Chromium. Idempotent. No service of these packages is left running.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
{ command -v mariadbd || [ -x /usr/sbin/mariadbd ]; } >/dev/null 2>&1 \
  && command -v mariadb-install-db >/dev/null 2>&1 || need+=(mariadb-server)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "setup-services: installing ${need[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
# Debian's server packages start their service on install; policy-rc.d (exit 101) forbids it
# while we install (only if the machine has no policy of its own), and is removed afterwards.
policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
  policy=/usr/sbin/policy-rc.d
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  trap '$SUDO rm -f "$policy"' EXIT
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Should a MariaDB service have started anyway (a machine with its own policy), stop it.
if [[ " ${need[*]} " == *" mariadb-server "* ]] && [ -x /etc/init.d/mariadb ]; then
  $SUDO /etc/init.d/mariadb stop >/dev/null 2>&1 || true
fi
# Debian's package starts a cluster on port 5432; the tests never use it.
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters -h 2>/dev/null | awk '{print $1, $2}' | while read -r v c; do
    $SUDO pg_ctlcluster "$v" "$c" stop 2>/dev/null || true
  done
fi
