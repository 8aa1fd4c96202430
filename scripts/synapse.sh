#!/usr/bin/env bash
# A real Synapse for tests and local use, from Debian's matrix-synapse in a cached debootstrap chroot.
#
#   scripts/synapse.sh install                 build the chroot once (cached in $AGENTCHAT_SYNAPSE_ROOT)
#   scripts/synapse.sh start DIR [PROFILE] [--postgres PGDIR]
#                                              start a homeserver whose data lives in DIR
#                                              PROFILE: relaxed (default, rate limits lifted) | default
#                                              --postgres: its database in the running scripts/postgres.sh cluster
#                                              PGDIR (a database of its own, made with the C collation Synapse
#                                              requires) instead of SQLite; destroy drops that database
#                                              prints KEY=VALUE lines: homeserver, secret, pid, log
#   scripts/synapse.sh stop DIR                stop it, keeping its data (start DIR again restarts it)
#   scripts/synapse.sh destroy DIR             stop it and delete its data
#
# Binds to 127.0.0.1 on a free port; accounts are created through the registration shared secret.
# With AGENTCHAT_SYNAPSE_OWNER_PID set, start also destroys the server once that process has exited.
# install: parallel callers wait for one another. AGENTCHAT_DEBIAN_MIRROR / AGENTCHAT_DEBIAN_KEYRING choose
# where Debian comes from (default: the machine's apt sources on Debian, debootstrap's own default elsewhere).
# start: without permission for `unshare --mount` (unprivileged containers) Synapse runs without /proc in
# the chroot; AGENTCHAT_SYNAPSE_NO_UNSHARE=1 forces that.
set -euo pipefail

ROOT=${AGENTCHAT_SYNAPSE_ROOT:-/var/cache/agentchat/synapse-root}
SERVER_NAME=${AGENTCHAT_SERVER_NAME:-localhost}

die() { echo "synapse.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap and chroot); run it as root, or through sudo"

debian_mirror() {
  # AGENTCHAT_DEBIAN_MIRROR, else on Debian the machine's own mirror from its apt sources, else nothing:
  # debootstrap then uses its built-in Debian mirror (e.g. on the Ubuntu-based .NET SDK image). Never hard-coded.
  if [ -n "${AGENTCHAT_DEBIAN_MIRROR:-}" ]; then echo "$AGENTCHAT_DEBIAN_MIRROR"; return 0; fi
  if ! host_is_debian; then
    local def
    def=$(sed -n 's/^DEF_MIRROR="\(.*\)"$/\1/p' "$(command -v debootstrap)" 2>/dev/null | head -1)
    case "$def" in
      *ubuntu*) die "this machine's debootstrap defaults to $def, which is not Debian: set AGENTCHAT_DEBIAN_MIRROR to a Debian mirror" ;;
    esac
    return 0
  fi
  local uri
  uri=$(grep -h -o -E '^URIs: *[a-z]+://[^ ]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | head -1 || true)
  [ -n "$uri" ] || uri=$(grep -h -o -E '^deb +[a-z]+://[^ ]+' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | head -1 || true)
  [ -n "$uri" ] || die "no Debian mirror found in /etc/apt/sources.list(.d); add one or set AGENTCHAT_DEBIAN_MIRROR"
  echo "$uri"
}

host_is_debian() { [ "$(. /etc/os-release 2>/dev/null && echo "${ID:-}")" = debian ]; }

apt_get_install() { # PACKAGE...: the host's apt, for the tools install needs
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

synapse_ready() { [ -x "$ROOT/usr/bin/python3" ] && chroot "$ROOT" python3 -c 'import synapse' 2>/dev/null; }

# Synapse on PostgreSQL needs psycopg2; a chroot built before that was asked gets it added, not rebuilt.
psycopg2_ready() { chroot "$ROOT" python3 -c 'import psycopg2' 2>/dev/null; }

add_psycopg2() {
  echo "synapse.sh: adding python3-psycopg2 to the chroot (Synapse on PostgreSQL)" >&2
  { chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false update -qq \
    && chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false \
      install -y -qq --no-install-recommends python3-psycopg2 && chroot "$ROOT" apt-get clean; } >>"$ROOT.install.log" 2>&1 \
    || { tail -n 20 "$ROOT.install.log" >&2; die "apt-get install python3-psycopg2 in the chroot failed (log: $ROOT.install.log)"; }
}

install() {
  synapse_ready && psycopg2_ready && return 0
  mkdir -p "$(dirname "$ROOT")"
  # One install at a time: parallel callers (tests starting homeservers at once) wait here for the
  # first one instead of wiping its half-built chroot, then find the chroot ready.
  local lock
  exec {lock}>"$ROOT.lock"
  if ! flock -n "$lock"; then
    echo "synapse.sh: another install of $ROOT is under way; waiting for it" >&2
    flock "$lock"
  fi
  if ! synapse_ready; then build_root; fi
  psycopg2_ready || add_psycopg2
  exec {lock}>&-   # the homeserver started next must not hold the lock
}

build_root() {
  command -v debootstrap >/dev/null || apt_get_install debootstrap
  # Debian's archive key: the default on Debian; elsewhere (Ubuntu) from the debian-archive-keyring package.
  local keyring=${AGENTCHAT_DEBIAN_KEYRING:-} mirror tmp
  if [ -z "$keyring" ] && ! host_is_debian; then
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    [ -f "$keyring" ] || apt_get_install debian-archive-keyring
  fi
  [ -z "$keyring" ] || [ -f "$keyring" ] || die "Debian keyring $keyring not found (AGENTCHAT_DEBIAN_KEYRING)"
  mirror=$(debian_mirror)
  tmp="$ROOT.partial"
  rm -rf "$tmp"
  echo "synapse.sh: debootstrap sid into $tmp from ${mirror:-the default Debian mirror of debootstrap} (first run only)" >&2
  debootstrap --variant=minbase ${keyring:+"--keyring=$keyring"} sid "$tmp" ${mirror:+"$mirror"} >"$tmp.log" 2>&1 \
    || { tail -n 20 "$tmp.log" >&2; die "debootstrap failed (log: $tmp.log)"; }
  echo "synapse.sh: installing matrix-synapse in the chroot" >&2
  chroot "$tmp" env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false update -qq >>"$tmp.log" 2>&1
  chroot "$tmp" env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false \
    install -y -qq --no-install-recommends matrix-synapse python3-psycopg2 >>"$tmp.log" 2>&1 \
    || { tail -n 20 "$tmp.log" >&2; die "apt-get install matrix-synapse python3-psycopg2 failed (log: $tmp.log)"; }
  chroot "$tmp" apt-get clean
  rm -rf "$ROOT"; mv "$tmp" "$ROOT"; mv "$tmp.log" "$ROOT.install.log"
}

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# The relaxed profile's limits, shared with federation.sh: agents and tests send far faster than people.
# shellcheck source=scripts/synapse-config.sh
source "$(dirname "${BASH_SOURCE[0]}")/synapse-config.sh"
# shellcheck source=scripts/process-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/process-lib.sh"
rate_limits() {
  if [ "$1" = relaxed ]; then relaxed_rate_limits; fi
}

# The database section: SQLite in the server's folder, or the PostgreSQL database named in DIR/postgres.
database_config() {
  local inner=$1
  if [ -f "$dir/postgres" ]; then
    local pg_port pg_db
    pg_port=$(sed -n 's/^port=//p' "$dir/postgres"); pg_db=$(sed -n 's/^database=//p' "$dir/postgres")
    echo "database: {name: psycopg2, args: {user: agentchat, dbname: $pg_db, host: 127.0.0.1, port: $pg_port, cp_min: 1, cp_max: 10}}"
  else
    echo "database: {name: sqlite3, args: {database: $inner/homeserver.db}}"
  fi
}

database_name() { # what start prints: sqlite, or postgresql:<database>
  if [ -f "$dir/postgres" ]; then echo "postgresql:$(sed -n 's/^database=//p' "$dir/postgres")"; else echo sqlite; fi
}

# A database of its own in the scripts/postgres.sh cluster PGDIR (synapse-config.sh), remembered in DIR/postgres.
create_database() {
  local created
  created=$(pg_create_database "$1" "synapse_$(basename "$dir")") || die "could not make the database in $1"
  local rest=${created#postgresql:}
  printf 'port=%s\ndatabase=%s\n' "${rest%%:*}" "${rest#*:}" >"$dir/postgres"
}

drop_database() {
  [ -f "$dir/postgres" ] || return 0
  pg_drop_database "postgresql:$(sed -n 's/^port=//p' "$dir/postgres"):$(sed -n 's/^database=//p' "$dir/postgres")"
  rm -f "$dir/postgres"
}

# AGENTCHAT_SYNAPSE_LEGACY_MEDIA=1: media also on the unauthenticated endpoints, for clients older than Matrix 1.11
# (Debian 12's Nheko 0.11.3 shows images only so; scripts/screenshot-room.sh). Read when the config is first written.
legacy_media() {
  if [ "${AGENTCHAT_SYNAPSE_LEGACY_MEDIA:-0}" = 1 ]; then echo "enable_authenticated_media: false"; fi
}

write_config() {
  local inner=$1 port=$2 secret=$3 profile=$4
  write_log_config "$inner"
  cat >"$ROOT$inner/homeserver.yaml" <<YAML
server_name: "$SERVER_NAME"
pid_file: $inner/homeserver.pid
listeners:
  - {port: $port, bind_addresses: ['127.0.0.1'], type: http, x_forwarded: false, tls: false,
     resources: [{names: [client], compress: false}]}
$(database_config "$inner")
log_config: $inner/log.yaml
media_store_path: $inner/media
signing_key_path: $inner/signing.key
registration_shared_secret: "$secret"
enable_registration: false
report_stats: false
trusted_key_servers: []
suppress_key_server_warning: true
presence: {enabled: false}
url_preview_enabled: false
max_event_delay_duration: 24h
$(legacy_media)
$(rate_limits "$profile")
YAML
  chroot "$ROOT" python3 -m synapse.app.homeserver -c "$inner/homeserver.yaml" --generate-keys >/dev/null 2>"$dir/generate.log" \
    || { cat "$dir/generate.log" >&2; die "could not generate signing keys"; }
}

own_proc_possible() { # a private mount namespace for the chroot's /proc needs CAP_SYS_ADMIN
  [ "${AGENTCHAT_SYNAPSE_NO_UNSHARE:-0}" != 1 ] && unshare --mount --propagation private true 2>/dev/null
}

start() {
  local dir=${1:?usage: start DIR [relaxed|default] [--postgres PGDIR]} profile=relaxed pgdir=""
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      relaxed|default) profile=$1 ;;
      --postgres) pgdir=${2:?--postgres needs the directory of a scripts/postgres.sh cluster}; shift ;;
      *) die "unknown argument '$1' (relaxed|default, --postgres PGDIR)" ;;
    esac
    shift
  done
  install
  mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
  [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null && die "a homeserver is already running for $dir (stop it first)"
  # The server's files live in a per-server folder inside the chroot; DIR keeps its logs and env.
  local inner port secret
  if [ -f "$dir/inner" ] && [ -f "$(cat "$dir/inner")/homeserver.yaml" ]; then
    inner=$(cat "$dir/inner"); inner=${inner#"$ROOT"}
    port=$(sed -n 's/^port=//p' "$dir/env"); secret=$(sed -n 's/^secret=//p' "$dir/env")
  else
    inner=/srv/agentchat/$(basename "$dir")-$$-$RANDOM
    mkdir -p "$ROOT$inner/media"
    if [ -n "$pgdir" ]; then create_database "$pgdir"; fi
    port=$(free_port)
    secret=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
    write_config "$inner" "$port" "$secret" "$profile"
    echo "$ROOT$inner" >"$dir/inner"
  fi
  if own_proc_possible; then
    # own mount namespace: /proc for the chroot vanishes with the server
    setsid unshare --mount --propagation private sh -c "mount -t proc proc '$ROOT/proc' && exec chroot '$ROOT' python3 -m synapse.app.homeserver -c '$inner/homeserver.yaml'" \
      >"$dir/stdout.log" 2>&1 </dev/null &
  else
    echo "synapse.sh: no mount namespace here (unshare --mount not permitted, e.g. an unprivileged container); starting Synapse without /proc in the chroot" >&2
    setsid chroot "$ROOT" python3 -m synapse.app.homeserver -c "$inner/homeserver.yaml" >"$dir/stdout.log" 2>&1 </dev/null &
  fi
  local pid=$!
  echo "$pid" >"$dir/pid"
  local url="http://127.0.0.1:$port"
  # A test run names its own pid: the server is destroyed when that process is gone, however it ended.
  if [ -n "${AGENTCHAT_SYNAPSE_OWNER_PID:-}" ]; then
    destroy_when_gone "$AGENTCHAT_SYNAPSE_OWNER_PID" "$0" "$dir"
  fi
  for _ in $(seq 1 600); do
    if curl -fsS -m 2 "$url/_matrix/client/versions" >/dev/null 2>&1; then
      printf 'homeserver=%s\nport=%s\nsecret=%s\npid=%s\nlog=%s\nserver_name=%s\ndatabase=%s\n' "$url" "$port" "$secret" "$pid" \
        "$ROOT$inner/homeserver.log" "$SERVER_NAME" "$(database_name)" | tee "$dir/env" >/dev/null
      chmod 600 "$dir/env"
      cat "$dir/env"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "synapse.sh: Synapse did not come up on $url; its output:" >&2
  tail -n 40 "$dir/stdout.log" "$ROOT$inner/homeserver.log" >&2 || true
  destroy "$dir"; exit 1
}

stop() {
  local dir=${1:?usage: stop DIR}
  stop_pidfile "$dir/pid"
}

destroy() {
  local dir=${1:?usage: destroy DIR}
  stop "$dir"
  drop_database
  [ -f "$dir/inner" ] && rm -rf "$(cat "$dir/inner")"
  rm -f "$dir/inner" "$dir/env"
}

cmd=${1:-}; shift || true
case "$cmd" in
  install) install ;;
  start) start "$@" ;;
  stop) stop "$@" ;;
  destroy) destroy "$@" ;;
  *) sed -n '2,16p' "$0" >&2; exit 1 ;;
esac
