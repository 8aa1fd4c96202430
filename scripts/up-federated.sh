#!/usr/bin/env bash
# `scripts/up.sh --federated [K] [--agents N] [--postgres]`: AgentChat across K federating homeservers on this machine
# (2 by default). hs1.test (127.0.0.2) holds the shared room and a human (admin) account; hsN.test is on 127.0.0.(N+1).
# N agents (K by default) are spread evenly: alpha on hs1, beta on hs2, … round the servers. All daemons run, and the
# agents talk across the servers. --postgres: each server's data in a database of its own in one PostgreSQL cluster
# ($dir/postgres), not SQLite. Run as root, or through sudo. Stop it all: scripts/up.sh --federated down
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${AGENTCHAT_UP_DIR:-$PWD/.state/up-federated}
servers="" count="" postgres=false
while [ $# -gt 0 ]; do
  case "$1" in
    [2-9]) servers=$1 ;;
    --agents) count=${2:?--agents needs a number}; shift ;;
    --postgres) postgres=true ;;
    *) break ;;
  esac
  shift
done
servers=${servers:-$(cat "$dir/pair/servers" 2>/dev/null || echo 2)}
names=(alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon)
count=${count:-$(cat "$dir/agents" 2>/dev/null || echo "$servers")}
case "$count" in *[!0-9]* | "" | 0 | 1) echo "up.sh: --agents takes 2 to ${#names[@]}" >&2; exit 1 ;; esac
[ "$count" -le "${#names[@]}" ] || { echo "up.sh: --agents takes 2 to ${#names[@]}" >&2; exit 1; }
addresses=""; for i in $(seq 1 "$servers"); do addresses+="127.0.0.$((i + 1)) "; done
export AGENTCHAT_FEDERATION_ADDRESSES=${AGENTCHAT_FEDERATION_ADDRESSES:-$addresses}
agents=("${names[@]:0:$count}")
declare -A server_of=([human]=hs1)
for i in "${!agents[@]}"; do server_of[${agents[$i]}]=hs$((i % servers + 1)); done
last=${agents[-1]}

# shellcheck source=scripts/up-lib.sh
source scripts/up-lib.sh
stop_hint="bash scripts/up.sh --federated down (as root)"

if [ "${1:-}" = down ]; then
  stop_daemons
  bash scripts/federation.sh stop "$dir/pair"
  if [ -d "$dir/postgres" ]; then bash scripts/postgres.sh stop "$dir/postgres"; fi
  echo "stopped (data kept in $dir; \`bash scripts/federation.sh destroy $dir/pair\` and delete it to start from nothing)"; exit 0
fi

cchat=${AGENTCHAT_CCHAT_BINARY:-$PWD/artifacts/cchat/cchat}
[ -x "$cchat" ] || bash scripts/publish.sh artifacts/cchat >/dev/null
mkdir -p "$dir"
echo "$count" >"$dir/agents"
stop_daemons
db=()
if $postgres || [ -d "$dir/postgres" ]; then
  if [ -f "$dir/pair/inner" ] && ! [ -d "$dir/postgres" ]; then
    echo "up.sh: $dir already holds servers on SQLite; delete $dir to start over on PostgreSQL" >&2; exit 1
  fi
  bash scripts/postgres.sh install
  bash scripts/postgres.sh start "$dir/postgres" >/dev/null
  db=(--postgres "$dir/postgres")
fi
bash scripts/federation.sh start "$dir/pair" --servers "$servers" "${db[@]}" >/dev/null
value() { sed -n "s/^$1=//p" "$dir/pair/env"; }
room="#aichat:$(value hs1_server_name)"
for i in $(seq 1 "$servers"); do
  echo "hs$i.test is up at $(value "hs${i}_homeserver") (database $(value "hs${i}_database"))"
done
echo "they federate over TLS (CA: $(value ca))"

# cchat for one identity, on its own homeserver: its own config file, state and runtime dirs, nothing from the caller's environment.
identity() {
  identity_env=(env -u AGENTCHAT_USER_ID -u AGENTCHAT_ACCESS_TOKEN -u AGENTCHAT_ROOM -u AGENTCHAT_GATEWAY -u AGENTCHAT_INSTANCE
    -u AGENTCHAT_ALLOWED_INVITERS AGENTCHAT_HOMESERVER="$(value "${server_of[$1]}_homeserver")" AGENTCHAT_CONFIG="$dir/$1/config.json"
    AGENTCHAT_STATE_DIR="$dir/$1/state" XDG_RUNTIME_DIR="$dir/$1/run")
}
as() { identity "$1"; shift; "${identity_env[@]}" "$cchat" "$@"; }

human_password=${AGENTCHAT_HUMAN_PASSWORD:-watch-the-agents}
for name in human "${agents[@]}"; do
  [ -f "$dir/$name/config.json" ] && continue
  args=(register "$name")
  [ "$name" = human ] && args+=(--admin --password "$human_password")
  # beta's server has no #aichat of its own: its config names the room on hs1.
  [ "${server_of[$name]}" = hs1 ] || args+=(--room "$room")
  AGENTCHAT_REGISTRATION_SECRET=$(value "${server_of[$name]}_secret") as "$name" "${args[@]}"
done
invites=(); for name in "${agents[@]}"; do invites+=(--invite "@$name:${server_of[$name]}.test"); done
as human setup --room "$room" "${invites[@]}"

for name in "${agents[@]}"; do
  mkdir -p "$dir/$name"
  identity "$name"
  # an agent may be invited (DMs) by accounts on hs1 as well as its own server.
  "${identity_env[@]}" AGENTCHAT_ALLOWED_INVITERS=":hs1.test,:${server_of[$name]}.test" "$cchat" daemon --port 0 --description "demo agent $name on ${server_of[$name]}.test" \
    >"$dir/$name/daemon.log" 2>&1 &
  echo $! >"$dir/$name/pid"
done
for name in "${agents[@]}"; do wait_healthy "$name"; done
echo "daemons of $(for name in "${agents[@]}"; do printf '%s (%s.test) ' "$name" "${server_of[$name]}"; done)are running (logs: $dir/<agent>/daemon.log)"

demo_exchange alpha@hs1 beta@hs2 "$last" "who is online, seen from ${server_of[$last]}:"

cat <<TXT

Watch and join in Element (desktop or web), or any Matrix client, on this machine:
  homeserver: $(value hs1_homeserver)
  user:       human        password: $human_password
  room:       $room (you were made its admin by \`cchat setup\`)
Act as the agent on hs2:  AGENTCHAT_CONFIG=$dir/beta/config.json XDG_RUNTIME_DIR=$dir/beta/run $cchat read
Servers:                  $servers (bash scripts/federation.sh stop $dir/pair hsN stops one, start … hsN brings it back)
Stop it:                  bash scripts/up.sh --federated down   (as root, or through sudo)
TXT
