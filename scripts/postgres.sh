#!/usr/bin/env bash
# A throwaway PostgreSQL for tests and local use, from Debian's postgresql package, on 127.0.0.1.
#
#   scripts/postgres.sh install            install Debian's postgresql when missing
#   scripts/postgres.sh start DIR [PORT]   start a cluster whose data lives in DIR (created on first start;
#                                          a free port when none is given, the same port on a restart)
#                                          prints KEY=VALUE lines: port, url (an Npgsql connection string), pid, log
#   scripts/postgres.sh stop DIR           stop it (fast shutdown), keeping its data
#   scripts/postgres.sh destroy DIR        stop it and delete its data
#
# The cluster trusts local connections (loopback only) and has a database `agentchat` owned by user `agentchat`.
# With AGENTCHAT_PG_OWNER_PID set, start also destroys the cluster once that process has exited.
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }
# shellcheck source=scripts/process-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/process-lib.sh"

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$dir" ] || die "PostgreSQL is not installed: run \`bash scripts/postgres.sh install\` as root"
  echo "$dir"
}

as_owner() { # postgres refuses to run as root: run as the data directory's owner
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || die "installing needs root; run it as root, or through sudo"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || shuf -i 20000-60000 -n 1; }

start() {
  local dir=${1:?usage: postgres.sh start DIR [PORT]} port=${2:-}
  local bin; bin=$(pg_bin)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  if [ -z "$port" ]; then
    if [ -f "$dir/port" ]; then port=$(cat "$dir/port"); else port=$(free_port); fi
  fi
  as_owner sh -c "echo $port > '$dir/port'"
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null \
      || { tail -n 30 "$dir/postgres.log" >&2; die "PostgreSQL did not start (log: $dir/postgres.log)"; }
  fi
  local psql=("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt)
  if [ "$("${psql[@]}" -d postgres -c "select 1 from pg_roles where rolname='agentchat'")" != 1 ]; then
    "${psql[@]}" -d postgres -c "create role agentchat login" -c "create database agentchat owner agentchat" >/dev/null
  fi
  if [ -n "${AGENTCHAT_PG_OWNER_PID:-}" ]; then
    destroy_when_gone "$AGENTCHAT_PG_OWNER_PID" "$0" "$dir"
  fi
  echo "port=$port"
  echo "url=Host=127.0.0.1;Port=$port;Username=agentchat;Database=agentchat"
  echo "pid=$(head -1 "$dir/data/postmaster.pid")"
  echo "log=$dir/postgres.log"
}

stop() {
  local dir=${1:?usage: postgres.sh stop DIR}
  [ -f "$dir/data/PG_VERSION" ] || return 0
  as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

destroy() {
  local dir=${1:?usage: postgres.sh destroy DIR}
  stop "$dir"
  rm -rf "$dir"
}

cmd=${1:-}; shift || true
case "$cmd" in
  install) install ;;
  start) start "$@" ;;
  stop) stop "$@" ;;
  destroy) destroy "$@" ;;
  *) die "usage: postgres.sh install | start DIR [PORT] | stop DIR | destroy DIR" ;;
esac
