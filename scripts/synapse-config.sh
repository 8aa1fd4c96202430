# shellcheck shell=bash disable=SC2154 # ROOT is the caller's
# Config pieces synapse.sh and federation.sh both write (sourced by both).

# Synapse rate limits lifted so far that agents and tests never meet them.
relaxed_rate_limits() {
  local big='{per_second: 10000, burst_count: 10000}'
  cat <<YAML
rc_message: $big
rc_registration: $big
rc_login: {address: $big, account: $big, failed_attempts: $big}
rc_joins: {local: $big, remote: $big}
rc_joins_per_room: $big
rc_invites: {per_room: $big, per_user: $big, per_issuer: $big}
rc_admin_redaction: $big
rc_3pid_validation: $big
rc_presence: {per_user: $big}
rc_delayed_event_mgmt: $big
rc_room_creation: $big
rc_reports: $big
# Throwaway accounts by the hundred (the fleet bench registers 200): a cheap password hash, not a rate, was the limit.
bcrypt_rounds: 4
YAML
}

# Synapse's logging config at $ROOT$1/log.yaml: warnings and up, to $1/homeserver.log inside the chroot.
write_log_config() {
  cat >"$ROOT$1/log.yaml" <<YAML
version: 1
formatters: {precise: {format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(message)s'}}
handlers: {file: {class: logging.FileHandler, formatter: precise, filename: $1/homeserver.log}}
root: {level: WARNING, handlers: [file]}
loggers: {synapse.access: {level: WARNING}}
disable_existing_loggers: false
YAML
}

# The PostgreSQL pieces, for a Synapse whose data lives in a scripts/postgres.sh cluster. A database is named by
# one string, postgresql:PORT:NAME (sqlite or empty: none).
pg_psql() { # PORT ARGS...: psql as the cluster's superuser over loopback (trust auth)
  local port=$1; shift
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bin" ] || { echo "PostgreSQL is not installed: run \`bash scripts/postgres.sh install\` as root" >&2; return 1; }
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"
}

# pg_create_database PGDIR PREFIX: a database of its own in the cluster PGDIR, as Synapse requires it (C collation,
# UTF8, owned by agentchat); prints its postgresql:PORT:NAME.
pg_create_database() {
  local pgdir=$1 port name
  [ -f "$pgdir/port" ] || { echo "no PostgreSQL cluster in $pgdir: start one with \`scripts/postgres.sh start $pgdir\`" >&2; return 1; }
  port=$(cat "$pgdir/port")
  name="$(echo "$2" | tr -c 'a-zA-Z0-9_\n' _ | tr '[:upper:]' '[:lower:]' | cut -c1-30)_$$_$RANDOM"
  pg_psql "$port" -d postgres \
    -c "CREATE DATABASE $name ENCODING 'UTF8' LC_COLLATE='C' LC_CTYPE='C' template=template0 OWNER agentchat" >/dev/null \
    || { echo "could not create the database $name in the PostgreSQL cluster on port $port ($pgdir): is it running?" >&2; return 1; }
  echo "postgresql:$port:$name"
}

pg_drop_database() { # postgresql:PORT:NAME
  case "${1:-}" in postgresql:*:*) ;; *) return 0 ;; esac
  local rest=${1#postgresql:}
  pg_psql "${rest%%:*}" -d postgres -c "DROP DATABASE IF EXISTS ${rest#*:} WITH (FORCE)" >/dev/null 2>&1 || true
}

pg_database_config() { # postgresql:PORT:NAME → Synapse's database section
  local rest=${1#postgresql:}
  echo "database: {name: psycopg2, args: {user: agentchat, dbname: ${rest#*:}, host: 127.0.0.1, port: ${rest%%:*}, cp_min: 1, cp_max: 10}}"
}

pg_database_label() { # what start prints: sqlite, or postgresql:NAME
  case "${1:-}" in postgresql:*:*) echo "postgresql:${1##*:}" ;; *) echo sqlite ;; esac
}
