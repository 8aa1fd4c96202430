#!/usr/bin/env bash
# AgentChat benchmarks, one command (as root):   bash bench/run.sh [--quick] [--only latency,cli,startup,throughput,read,memory,registry,federation,postgres,wake,claude,bridge,archive]
#                                                         [--daemon-env K=V,...]  (experiments: extra env for every daemon)
#                                                         [--search-sizes 15000,100000,1000000]  (search: corpus sizes)
#   --only search alone starts no homeserver: it needs PostgreSQL only (scripts/postgres.sh).
# The fleet (N daemons on sqlite, pg, fed2, fed4; only when named):  bash bench/run.sh --only fleet
#                                                         [--fleet-n 10,50,100,200] [--fleet-setups sqlite,pg,fed2,fed4] [--fleet-idle SECONDS]
#
# Publishes cchat when it is missing or older than src/, starts a dedicated Synapse (relaxed rate limits) in a
# temp dir, runs the C# harness (bench/AgentChat.Bench) against it and the published binary, prints one Markdown
# table (also written to bench/last-run.md), and destroys the homeserver on exit. All traffic is to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "bench/run.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (scripts/synapse.sh runs Synapse in a chroot): run it as root, or through sudo"

harness_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) harness_args+=(--quick) ;;
    --only) harness_args+=(--only "${2:?--only needs a list}"); shift ;;
    --daemon-env) harness_args+=(--daemon-env "${2:?--daemon-env needs K=V[,K=V]}"); shift ;;
    --search-sizes) harness_args+=(--search-sizes "${2:?--search-sizes needs a list of message counts}"); shift ;;
    --fleet-n|--fleet-setups|--fleet-idle) harness_args+=("$1" "${2:?$1 needs a value}"); shift ;;
    *) die "unknown argument '$1' (use --quick, --only LIST, --daemon-env K=V,..., --search-sizes N,N, --fleet-n, --fleet-setups, --fleet-idle)" ;;
  esac
  shift
done

search_only=false
[[ " ${harness_args[*]:-} " == *" --only search "* ]] && search_only=true

# Baseline tools from Debian: wrk, curl, and matrix-nio for Debian's own python3 (not a pyenv one on PATH).
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
command -v tmux >/dev/null || missing+=(tmux)  # the interactive Claude Code of the claude rows
/usr/bin/python3 -c 'import nio' 2>/dev/null || missing+=(python3-matrix-nio)
if [ ${#missing[@]} -gt 0 ] && ! $search_only; then
  echo "bench/run.sh: installing ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cchat=artifacts/cchat/cchat
if ! $search_only && { [ ! -x "$cchat" ] || [ -n "$(find src \( -name '*.cs' -o -name '*.csproj' \) -not -path '*/obj/*' -not -path '*/bin/*' -newer "$cchat" -print -quit)" ]; }; then
  bash scripts/publish.sh >&2
fi
dotnet build bench/AgentChat.Bench/AgentChat.Bench.csproj -c Release -nologo -clp:ErrorsOnly -v quiet >&2
harness=bench/AgentChat.Bench/bin/Release/net10.0/AgentChat.Bench.dll

work=$(mktemp -d /tmp/agentchat-bench.XXXXXX)
cleanup() {
  # daemons the harness started, should it have died without stopping them (their discovery files name them)
  for f in "$work"/run/daemons/*/run/agentchat/*.json; do
    [ -f "$f" ] || continue
    pid=$(sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' "$f")
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  bash scripts/synapse.sh destroy "$work/synapse" >/dev/null 2>&1 || true
  bash scripts/federation.sh destroy "$work/pair" >/dev/null 2>&1 || true
  bash scripts/synapse.sh destroy "$work/synapse-pg" >/dev/null 2>&1 || true
  # the fleet's setups and daemons, should the harness have died without destroying them
  for f in "$work"/run/fleet/*/daemons/daemons/*/run/agentchat/*.json; do
    [ -f "$f" ] || continue
    pid=$(sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' "$f")
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  for d in "$work"/run/fleet/*/; do
    [ -d "$d" ] || continue
    if [ -f "$d/servers" ]; then bash scripts/federation.sh destroy "$d" >/dev/null 2>&1 || true
    else bash scripts/synapse.sh destroy "$d" >/dev/null 2>&1 || true; fi
  done
  if [ -n "${pg_parent:-}" ]; then bash scripts/postgres.sh destroy "$pg_parent/pg" >/dev/null 2>&1 || true; rm -rf "$pg_parent"; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

machine() { echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"; }
if $search_only; then
  bash scripts/postgres.sh install
  { machine; echo "Versions: PostgreSQL $(ls -d /usr/lib/postgresql/*/ | sort -V | tail -1 | xargs basename), .NET $(dotnet --version)"; echo; } >"$work/header.md"
  cat "$work/header.md" >&2
  dotnet "$harness" --work "$work/run" --out "$work/table.md" "${harness_args[@]}"
  cp "$work/run/search-plans.txt" bench/last-search-plans.txt 2>/dev/null || true
  cat "$work/header.md" "$work/table.md" >bench/last-search-run.md
  echo "bench/run.sh: table written to bench/last-search-run.md, query plans to bench/last-search-plans.txt" >&2
  exit 0
fi

echo "bench/run.sh: starting Synapse in $work/synapse" >&2
bash scripts/synapse.sh start "$work/synapse" relaxed >"$work/synapse.env"
val() { sed -n "s/^$1=//p" "$work/synapse.env"; }
# The cross-server rows need two federating homeservers (scripts/federation.sh).
only=" ${harness_args[*]:-} "
if ! [[ "$only" == *" --only "* ]] || [[ "$only" =~ --only\ [^\ ]*federation ]]; then
  echo "bench/run.sh: starting the federated pair in $work/pair" >&2
  bash scripts/federation.sh start "$work/pair" >/dev/null
  harness_args+=(--pair-env "$work/pair/env")
fi
# Row 1c compares the same agent hop on a second Synapse whose database is PostgreSQL (scripts/postgres.sh).
if ! [[ "$only" == *" --only "* ]] || [[ "$only" =~ --only\ [^\ ]*postgres ]]; then
  # PostgreSQL runs as its own user: its cluster lives where that user can reach it, not in the 0700 $work
  pg_parent=$(mktemp -d /tmp/agentchat-bench-pg.XXXXXX); chmod 0711 "$pg_parent"
  echo "bench/run.sh: starting PostgreSQL in $pg_parent/pg and a Synapse on it in $work/synapse-pg" >&2
  bash scripts/postgres.sh install
  bash scripts/postgres.sh start "$pg_parent/pg" >/dev/null
  bash scripts/synapse.sh start "$work/synapse-pg" relaxed --postgres "$pg_parent/pg" >/dev/null
  harness_args+=(--pg-synapse-env "$work/synapse-pg/env")
fi
# The fleet's pg and fedK setups make their databases in one PostgreSQL cluster (scripts/postgres.sh).
if [[ "$only" =~ --only\ [^\ ]*fleet ]]; then
  pg_parent=${pg_parent:-$(mktemp -d /tmp/agentchat-bench-pg.XXXXXX)}; chmod 0711 "$pg_parent"
  echo "bench/run.sh: starting PostgreSQL in $pg_parent/pg for the fleet" >&2
  bash scripts/postgres.sh install
  bash scripts/postgres.sh start "$pg_parent/pg" >/dev/null
  harness_args+=(--fleet-pg "$pg_parent/pg")
fi
log=$(val log)

{
  machine
  echo "Versions: cchat $($cchat --version 2>/dev/null || echo '?'), Synapse $(chroot "${AGENTCHAT_SYNAPSE_ROOT:-/var/cache/agentchat/synapse-root}" dpkg-query -W -f='${Version}' matrix-synapse 2>/dev/null || echo '?') (SQLite), .NET $(dotnet --version), matrix-nio $(dpkg-query -W -f='${Version}' python3-matrix-nio 2>/dev/null || echo '?'), wrk $(dpkg-query -W -f='${Version}' wrk 2>/dev/null || echo '?')"
  echo
} >"$work/header.md"
cat "$work/header.md" >&2

# the registration secret travels in the environment, not on a command line
AGENTCHAT_REGISTRATION_SECRET=$(val secret) dotnet "$harness" \
  --homeserver "$(val homeserver)" --server-name "$(val server_name)" --synapse-pid "$(val pid)" \
  --synapse-db "$(dirname "$log")/homeserver.db" --cchat "$cchat" --work "$work/run" \
  --nio-script bench/baselines/nio_send.py --python /usr/bin/python3 --out "$work/table.md" "${harness_args[@]}"

cat "$work/header.md" "$work/table.md" >bench/last-run.md
echo "bench/run.sh: table written to bench/last-run.md" >&2
