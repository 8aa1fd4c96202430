#!/usr/bin/env bash
# K federating Synapses on one machine (two by default), for tests, demos and the fleet bench: hs1.test … hsK.test,
# each on its own loopback address, federating over TLS with certificates from a private CA made here.
#
#   scripts/federation.sh start DIR [hsN] [--servers K] [--postgres PGDIR]
#                                                start the K servers (or one of them again after a stop); K and the
#                                                database are chosen when DIR is new and kept in it.
#                                                --postgres: each server's data in a database of its own in the
#                                                running scripts/postgres.sh cluster PGDIR instead of SQLite
#                                                prints KEY=VALUE lines: servers, hsN_homeserver, hsN_server_name,
#                                                hsN_secret, hsN_address, hsN_log, hsN_pid, hsN_database, ca
#   scripts/federation.sh stop DIR [hsN]         stop all (or one), keeping their data
#   scripts/federation.sh destroy DIR            stop all and delete their data (and their PostgreSQL databases)
#
# Runs off the chroot that `scripts/synapse.sh install` builds, shared read-only with other servers: each
# server's /etc/hosts and /etc/resolv.conf are bind-mounted over the chroot's in the server's own mount
# namespace. The resolver points at an unused loopback address, so nothing ever leaves the machine.
# Where `unshare --mount` is not permitted (an unprivileged container, e.g. a default GitLab runner), the pair
# gets a root of its own instead: a hard-linked copy of the chroot (`cp -al`, a few seconds, no extra data)
# whose /etc/hosts and /etc/resolv.conf are the pair's own files; Synapse then runs without /proc, as
# synapse.sh does there. AGENTCHAT_SYNAPSE_NO_UNSHARE=1 forces that path.
# Addresses: AGENTCHAT_FEDERATION_ADDRESSES="127.0.0.2 127.0.0.3 …" (at least K), else K free ones in a random 127.x.y.0/24.
# With AGENTCHAT_SYNAPSE_OWNER_PID set, start also destroys the pair once that process has exited.
set -euo pipefail

ROOT=${AGENTCHAT_SYNAPSE_ROOT:-/var/cache/agentchat/synapse-root}
SERVERS=(hs1 hs2) # hs1 … hsK once the DIR is known (load_servers)
CLIENT_PORT=8008 # plain client API, for agents
TLS_PORT=443     # client + federation over TLS; .well-known sends other servers here

die() { echo "federation.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (chroot, port 443); run it as root, or through sudo"
command -v openssl >/dev/null || die "openssl is missing (apt-get install openssl)"

# A private mount namespace (for /proc and the bind-mounted hosts and resolv.conf) needs CAP_SYS_ADMIN.
mount_namespace_possible() {
  [ "${AGENTCHAT_SYNAPSE_NO_UNSHARE:-0}" != 1 ] && unshare --mount --propagation private true 2>/dev/null
}

# K, as chosen when DIR was made (2 for a DIR made before K existed), and SERVERS from it.
load_servers() {
  local k=2
  [ -f "$1/servers" ] && k=$(cat "$1/servers")
  SERVERS=(); for i in $(seq 1 "$k"); do SERVERS+=("hs$i"); done
}

# The root a pair runs in: the shared chroot, or the pair's own copy of it (DIR/root, see the header).
pair_root() { if [ -f "$1/root" ]; then cat "$1/root"; else echo "$ROOT"; fi; }

# A hard-linked copy of the chroot for one pair, with the pair's hosts and resolver as files of its own
# (removed first, so the shared chroot's files, which the copy's links point at, stay untouched).
make_pair_root() {
  local dir=$1 hosts=$2 copy
  copy="$ROOT.fed/$(basename "$dir")-$$-$RANDOM"
  mkdir -p "$ROOT.fed"
  cp -al "$ROOT" "$copy" || { rm -rf "$copy"; die "could not copy the chroot to $copy"; }
  rm -f "$copy/etc/hosts" "$copy/etc/resolv.conf"
  printf '%s\n' "$hosts" >"$copy/etc/hosts"
  echo "nameserver 127.0.0.9" >"$copy/etc/resolv.conf"
  echo "$copy" >"$dir/root"
}

remove_pair_root() {
  [ -f "$1/root" ] || return 0
  local copy; copy=$(cat "$1/root")
  case "$copy" in "$ROOT".fed/?*) rm -rf "$copy" ;; esac
  rm -f "$1/root"
}

require_root() {
  [ -x "$ROOT/usr/bin/python3" ] && [ -f "$ROOT/etc/hosts" ] && [ -f "$ROOT/etc/resolv.conf" ] \
    || die "no Synapse chroot at $ROOT: run \`bash scripts/synapse.sh install\` as root first"
}

# True when nothing listens on either port of ADDRESS.
address_free() {
  python3 - "$1" "$CLIENT_PORT" "$TLS_PORT" <<'PY' 2>/dev/null
import socket, sys
for port in sys.argv[2:]:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((sys.argv[1], int(port)))
    s.close()
PY
}

pick_addresses() {
  local k=${#SERVERS[@]}
  if [ -n "${AGENTCHAT_FEDERATION_ADDRESSES:-}" ]; then
    local given; read -r -a given <<<"$AGENTCHAT_FEDERATION_ADDRESSES"
    [ "${#given[@]}" -ge "$k" ] || die "AGENTCHAT_FEDERATION_ADDRESSES names ${#given[@]} addresses for $k servers"
    echo "${given[@]:0:$k}"; return 0
  fi
  for _ in $(seq 1 50); do
    local net="127.$((100 + RANDOM % 100)).$((RANDOM % 250))" all=() i
    for i in $(seq 2 $((k + 1))); do if address_free "$net.$i"; then all+=("$net.$i"); else break; fi; done
    if [ "${#all[@]}" -eq "$k" ]; then echo "${all[@]}"; return 0; fi
  done
  die "no $k free loopback addresses found"
}

make_certificates() {
  local certs=$1
  mkdir -p "$certs"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$certs/ca.key" 2>/dev/null
  openssl req -x509 -new -key "$certs/ca.key" -sha256 -days 3650 -subj "/CN=AgentChat federation test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$certs/ca.crt" 2>/dev/null
  for hs in "${SERVERS[@]}"; do
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$certs/$hs.key" 2>/dev/null
    openssl req -new -key "$certs/$hs.key" -subj "/CN=$hs.test" -out "$certs/$hs.csr" 2>/dev/null
    printf 'subjectAltName=DNS:%s.test\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' "$hs" >"$certs/$hs.ext"
    openssl x509 -req -in "$certs/$hs.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" -CAcreateserial -days 825 -sha256 \
      -extfile "$certs/$hs.ext" -out "$certs/$hs.crt" 2>/dev/null
    rm -f "$certs/$hs.csr" "$certs/$hs.ext"
  done
  chmod 600 "$certs"/*.key
}

# shellcheck source=scripts/synapse-config.sh
source "$(dirname "${BASH_SOURCE[0]}")/synapse-config.sh"
# shellcheck source=scripts/process-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/process-lib.sh"
rate_limits() {
  relaxed_rate_limits
  echo "rc_federation: {window_size: 1000, sleep_limit: 10000, sleep_delay: 1, reject_limit: 10000, concurrent: 100}"
}

# One server's files, in its folder inside the chroot (the path Synapse sees is $inner).
write_server() {
  local hs=$1 inner=$2 address=$3 secret=$4 hosts=$5 certs=$6 root=$7 database=${8:-}
  local out="$root$inner"
  mkdir -p "$out/media"
  cp "$certs/ca.crt" "$certs/$hs.crt" "$certs/$hs.key" "$out/"
  printf '%s' "$hosts" >"$out/hosts"
  # An address nothing answers on: Synapse never asks a DNS server off this machine.
  echo "nameserver 127.0.0.9" >"$out/resolv.conf"
  ROOT=$root write_log_config "$inner"   # synapse-config.sh writes under $ROOT
  cat >"$out/homeserver.yaml" <<YAML
server_name: "$hs.test"
public_baseurl: "https://$hs.test/"
pid_file: $inner/homeserver.pid
listeners:
  - {port: $CLIENT_PORT, bind_addresses: ['$address'], type: http, x_forwarded: false, tls: false,
     resources: [{names: [client], compress: false}]}
  - {port: $TLS_PORT, bind_addresses: ['$address'], type: http, x_forwarded: false, tls: true,
     resources: [{names: [client, federation], compress: false}]}
serve_server_wellknown: true
tls_certificate_path: $inner/$hs.crt
tls_private_key_path: $inner/$hs.key
federation_custom_ca_list: [$inner/ca.crt]
federation_domain_whitelist: [$(printf '%s.test, ' "${SERVERS[@]}" | sed 's/, $//')]
ip_range_whitelist: ['127.0.0.0/8']
trusted_key_servers: []
suppress_key_server_warning: true
# A server that was down is retried within seconds, not Synapse's default 10 minutes (a test pair).
federation: {destination_min_retry_interval: 1s, destination_retry_multiplier: 1.5, destination_max_retry_interval: 5s}
$(if [ -n "$database" ]; then pg_database_config "$database"; else echo "database: {name: sqlite3, args: {database: $inner/homeserver.db}}"; fi)
log_config: $inner/log.yaml
media_store_path: $inner/media
signing_key_path: $inner/signing.key
registration_shared_secret: "$secret"
enable_registration: false
report_stats: false
presence: {enabled: false}
url_preview_enabled: false
max_event_delay_duration: 24h
$(rate_limits)
YAML
  chroot "$root" python3 -m synapse.app.homeserver -c "$inner/homeserver.yaml" --generate-keys >/dev/null 2>"$out/generate.log" \
    || { cat "$out/generate.log" >&2; die "could not generate the signing key of $hs"; }
}

create_pair() {
  local dir=$1 pgdir=$2 addresses inner hosts root i
  addresses=$(pick_addresses)
  read -r -a addr <<<"$addresses"
  hosts=$(printf '127.0.0.1\tlocalhost\n'; for i in "${!SERVERS[@]}"; do printf '%s\t%s.test\n' "${addr[$i]}" "${SERVERS[$i]}"; done)
  remove_pair_root "$dir"   # a copy left by a start that failed half-way
  if ! mount_namespace_possible; then
    echo "federation.sh: no mount namespace here (unshare --mount not permitted, e.g. an unprivileged container); the pair runs in a hard-linked copy of the chroot with its own hosts and resolv.conf, without /proc" >&2
    make_pair_root "$dir" "$hosts"
  fi
  root=$(pair_root "$dir")
  inner=/srv/agentchat/fed-$(basename "$dir")-$$-$RANDOM
  mkdir -p "$root$inner"
  echo "$root$inner" >"$dir/inner"
  make_certificates "$dir/certs"
  local i=0
  for hs in "${SERVERS[@]}"; do
    local secret database=""; secret=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
    mkdir -p "$dir/$hs"
    if [ -n "$pgdir" ]; then database=$(pg_create_database "$pgdir" "fed_${hs}") || die "could not make a database for $hs"; fi
    write_server "$hs" "$inner/$hs" "${addr[$i]}" "$secret" "$hosts"$'\n' "$dir/certs" "$root" "$database"
    printf 'address=%s\nsecret=%s\ndatabase=%s\n' "${addr[$i]}" "$secret" "${database:-sqlite}" >"$dir/$hs/config"
    chmod 600 "$dir/$hs/config"
    i=$((i + 1))
  done
}

launch() {
  local dir=$1 hs=$2 inner=$3
  local pidfile="$dir/$hs/pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then return 0; fi
  if [ -f "$dir/root" ]; then
    # The pair's own root already holds its hosts and resolv.conf; no namespace, so no /proc either.
    setsid chroot "$(cat "$dir/root")" python3 -m synapse.app.homeserver -c "$inner/$hs/homeserver.yaml" \
      >"$dir/$hs/stdout.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    return 0
  fi
  # Own mount namespace: /proc, /etc/hosts and /etc/resolv.conf of the shared chroot change for this server only.
  setsid unshare --mount --propagation private sh -c "
    mount -t proc proc '$ROOT/proc' &&
    mount --bind '$ROOT$inner/$hs/hosts' '$ROOT/etc/hosts' &&
    mount --bind '$ROOT$inner/$hs/resolv.conf' '$ROOT/etc/resolv.conf' &&
    exec chroot '$ROOT' python3 -m synapse.app.homeserver -c '$inner/$hs/homeserver.yaml'" \
    >"$dir/$hs/stdout.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

# Ready when the client API answers and the federation listener presents a certificate our CA signed.
wait_ready() {
  local dir=$1 hs=$2 inner=$3 address pid
  address=$(sed -n 's/^address=//p' "$dir/$hs/config")
  pid=$(cat "$dir/$hs/pid")
  for _ in $(seq 1 600); do
    if curl -fsS -m 2 "http://$address:$CLIENT_PORT/_matrix/client/versions" >/dev/null 2>&1 &&
      curl -fsS -m 2 --cacert "$dir/certs/ca.crt" --resolve "$hs.test:$TLS_PORT:$address" \
        "https://$hs.test/_matrix/key/v2/server" >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "federation.sh: $hs.test did not come up on $address; its output:" >&2
  tail -40 "$dir/$hs/stdout.log" "$(pair_root "$dir")$inner/$hs/homeserver.log" >&2 2>/dev/null || true
  return 1
}

describe() {
  local dir=$1 inner=$2 root
  root=$(pair_root "$dir")
  for hs in "${SERVERS[@]}"; do
    local address; address=$(sed -n 's/^address=//p' "$dir/$hs/config")
    printf '%s_homeserver=http://%s:%s\n%s_server_name=%s.test\n%s_secret=%s\n%s_address=%s\n%s_log=%s\n%s_pid=%s\n%s_database=%s\n' \
      "$hs" "$address" "$CLIENT_PORT" "$hs" "$hs" "$hs" "$(sed -n 's/^secret=//p' "$dir/$hs/config")" \
      "$hs" "$address" "$hs" "$root$inner/$hs/homeserver.log" "$hs" "$(cat "$dir/$hs/pid" 2>/dev/null || echo none)" \
      "$hs" "$(pg_database_label "$(sed -n 's/^database=//p' "$dir/$hs/config")")"
  done
  printf 'servers=%s\n' "${#SERVERS[@]}"
  printf 'ca=%s\n' "$dir/certs/ca.crt"
}

which_servers() {
  if [ -z "${1:-}" ]; then echo "${SERVERS[@]}"; return 0; fi
  local hs; for hs in "${SERVERS[@]}"; do [ "$hs" = "$1" ] && { echo "$1"; return 0; }; done
  die "unknown server '$1' (hs1 … ${SERVERS[-1]})"
}

start() {
  local dir=${1:?usage: start DIR [hsN] [--servers K] [--postgres PGDIR]} only="" k="" pgdir=""
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      --servers) k=${2:?--servers needs a number}; shift ;;
      --postgres) pgdir=${2:?--postgres needs the directory of a scripts/postgres.sh cluster}; shift ;;
      hs[0-9]*) only=$1 ;;
      *) die "unknown argument '$1' (hsN, --servers K, --postgres PGDIR)" ;;
    esac
    shift
  done
  case "$k" in "" | [2-9]) ;; *) die "--servers takes 2 to 9 (one loopback address and certificate each)" ;; esac
  require_root
  mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
  local fresh=false
  if ! [ -f "$dir/inner" ] || ! [ -d "$(cat "$dir/inner")" ]; then
    [ -z "$only" ] || die "no servers in $dir to start $only of: start them all first"
    load_servers "$dir"; for hs in "${SERVERS[@]}"; do rm -rf "${dir:?}/$hs"; done
    rm -rf "$dir/certs"
    echo "${k:-2}" >"$dir/servers"
    load_servers "$dir"
    create_pair "$dir" "$pgdir"
    fresh=true
  else
    load_servers "$dir"
    [ -z "$k" ] || [ "$k" = "${#SERVERS[@]}" ] || die "$dir holds ${#SERVERS[@]} servers, not $k: destroy it first"
  fi
  local targets; targets=$(which_servers "$only")
  local inner; inner=$(cat "$dir/inner"); inner=${inner#"$(pair_root "$dir")"}
  if [ "$fresh" = false ]; then
    for hs in $targets; do
      address_free "$(sed -n 's/^address=//p' "$dir/$hs/config")" ||
        { [ -f "$dir/$hs/pid" ] && kill -0 "$(cat "$dir/$hs/pid")" 2>/dev/null; } ||
        die "the address of $hs.test is taken by another process; destroy the pair and start again"
    done
  fi
  for hs in $targets; do launch "$dir" "$hs" "$inner"; done
  if [ -n "${AGENTCHAT_SYNAPSE_OWNER_PID:-}" ] && ! [ -f "$dir/watchdog" ]; then
    destroy_when_gone "$AGENTCHAT_SYNAPSE_OWNER_PID" "$0" "$dir"
    echo $! >"$dir/watchdog"
  fi
  for hs in $targets; do
    wait_ready "$dir" "$hs" "$inner" || { [ "$fresh" = true ] && destroy "$dir"; exit 1; }
  done
  describe "$dir" "$inner" | tee "$dir/env" >/dev/null
  chmod 600 "$dir/env"
  cat "$dir/env"
}

stop() {
  local dir=${1:?usage: stop DIR [hsN]}
  load_servers "$dir"
  for hs in $(which_servers "${2:-}"); do stop_pidfile "$dir/$hs/pid"; done
}

destroy() {
  local dir=${1:?usage: destroy DIR}
  stop "$dir"
  if [ -f "$dir/inner" ]; then
    local inner; inner=$(cat "$dir/inner")
    case "$inner" in "$ROOT"/srv/agentchat/fed-*) rm -rf "$inner" ;; esac
  fi
  # The pair's own copy of the chroot (hard links: removing it leaves the shared chroot as it was).
  remove_pair_root "$dir"
  if [ -f "$dir/watchdog" ] && [ "$(cat "$dir/watchdog")" != "$$" ]; then kill "$(cat "$dir/watchdog")" 2>/dev/null || true; fi
  for hs in "${SERVERS[@]}"; do
    [ -f "$dir/$hs/config" ] && pg_drop_database "$(sed -n 's/^database=//p' "$dir/$hs/config")"
    rm -f "$dir/$hs/config"
  done
  rm -rf "$dir/inner" "$dir/root" "$dir/env" "$dir/certs" "$dir/watchdog" "$dir/servers"
}

cmd=${1:-}; shift || true
case "$cmd" in
  start) start "$@" ;;
  stop) stop "$@" ;;
  destroy) destroy "$@" ;;
  *) sed -n '2,22p' "$0" >&2; exit 1 ;;
esac
