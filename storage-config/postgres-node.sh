#!/usr/bin/env bash
# A throwaway PostgreSQL server for trying ChartVault as a cluster on one machine: its own data folder, its own
# port on 127.0.0.1, one database and one user for ChartVault. Not tuned and not backed up: for trying, not for
# records anyone must keep.
#
#   storage-config/postgres-node.sh start DIR    initialises DIR (first time), starts the server, prints PG_UP
#   storage-config/postgres-node.sh stop DIR     stops the server started in DIR (the data stays)
#   storage-config/postgres-node.sh status DIR   says whether it runs
#
# Needs Debian's postgresql (15). Optional environment:
#   PG_PORT                       the port                      (default 5433)
#   PG_USER, PG_PASSWORD, PG_DB   what ChartVault connects as   (default chartvault / chartvault / chartvault)
#
# PostgreSQL refuses to run as root; when started as root the server runs as the system user "postgres", which
# owns DIR/pg.
set -euo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -eq 2 ] || usage
action="$1"
dir="$(mkdir -p "$2" && cd "$2" && pwd)"
data="$dir/pg"
port="${PG_PORT:-5433}"
user="${PG_USER:-chartvault}"
password="${PG_PASSWORD:-chartvault}"
db="${PG_DB:-chartvault}"

bin=""
for candidate in /usr/lib/postgresql/*/bin; do [ -x "$candidate/pg_ctl" ] && bin="$candidate"; done
[ -n "$bin" ] || { echo "postgres-node.sh: PostgreSQL is missing; install: apt-get install postgresql" >&2; exit 3; }

as_owner() { # runs "$@" as the user that owns the data folder
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

case "$action" in
  status)
    if [ -f "$data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      echo "running on 127.0.0.1:$(sed -n 4p "$data/postmaster.pid")"
    else
      echo "stopped"; exit 1
    fi
    ;;
  stop)
    [ -d "$data" ] && as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  start)
    if [ "$(id -u)" -eq 0 ] && ! (cd / && runuser -u postgres -- test -x "$dir"); then
      echo "postgres-node.sh: the postgres user cannot reach $dir (a parent folder is closed to other users);" \
           "choose a folder under /var/tmp or /srv" >&2
      exit 1
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      mkdir -p "$data"
      [ "$(id -u)" -eq 0 ] && chown postgres: "$dir" "$data"
      pwfile="$(mktemp)"
      printf '%s\n' "$password" > "$pwfile"
      [ "$(id -u)" -eq 0 ] && chown postgres: "$pwfile"
      as_owner "$bin/initdb" -D "$data" -U "$user" --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 --no-locale \
        >"$dir/initdb.log" 2>&1 || { rm -f "$pwfile"; echo "postgres-node.sh: initdb failed (see $dir/initdb.log)" >&2; exit 1; }
      rm -f "$pwfile"
    fi
    if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
        -o "-p $port -k $data -c listen_addresses=127.0.0.1" start >/dev/null \
        || { echo "postgres-node.sh: the server did not start (see $data/server.log)" >&2; exit 1; }
    fi
    if ! PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
      PGPASSWORD="$password" "$bin/psql" -q -h 127.0.0.1 -p "$port" -U "$user" -d postgres -c "CREATE DATABASE $db"
    fi
    echo "PG_UP url=jdbc:postgresql://127.0.0.1:$port/$db user=$user"
    ;;
  *) usage ;;
esac
