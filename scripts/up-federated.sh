#!/usr/bin/env bash
# `scripts/up.sh --federated`: AgentChat across two federating homeservers on this machine. hs1.test (127.0.0.2)
# holds the shared room and a human (admin) account; agent alpha lives on hs1, agent beta on hs2.test (127.0.0.3).
# Both daemons run, and the agents talk across the servers. Run as root, or through sudo. Stop it all: scripts/up.sh --federated down
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${AGENTCHAT_UP_DIR:-$PWD/.state/up-federated}
export AGENTCHAT_FEDERATION_ADDRESSES=${AGENTCHAT_FEDERATION_ADDRESSES:-127.0.0.2 127.0.0.3}
agents=(alpha beta)
declare -A server_of=([human]=hs1 [alpha]=hs1 [beta]=hs2)

# shellcheck source=scripts/up-lib.sh
source scripts/up-lib.sh
stop_hint="bash scripts/up.sh --federated down (as root)"

if [ "${1:-}" = down ]; then
  stop_daemons
  bash scripts/federation.sh stop "$dir/pair"
  echo "stopped (data kept in $dir; \`bash scripts/federation.sh destroy $dir/pair\` and delete it to start from nothing)"; exit 0
fi

cchat=${AGENTCHAT_CCHAT_BINARY:-$PWD/artifacts/cchat/cchat}
[ -x "$cchat" ] || bash scripts/publish.sh artifacts/cchat >/dev/null
mkdir -p "$dir"
stop_daemons
bash scripts/federation.sh start "$dir/pair" >/dev/null
value() { sed -n "s/^$1=//p" "$dir/pair/env"; }
room="#aichat:$(value hs1_server_name)"
echo "hs1.test is up at $(value hs1_homeserver), hs2.test at $(value hs2_homeserver); they federate over TLS (CA: $(value ca))"

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
as human setup --room "$room" --invite "@alpha:hs1.test" --invite "@beta:hs2.test"

for name in "${agents[@]}"; do
  mkdir -p "$dir/$name"
  identity "$name"
  # beta may be invited (DMs) by accounts on hs1 as well as its own server.
  "${identity_env[@]}" AGENTCHAT_ALLOWED_INVITERS=":hs1.test,:hs2.test" "$cchat" daemon --port 0 --description "demo agent $name on ${server_of[$name]}.test" \
    >"$dir/$name/daemon.log" 2>&1 &
  echo $! >"$dir/$name/pid"
done
for name in "${agents[@]}"; do wait_healthy "$name"; done
echo "daemons of alpha (hs1.test) and beta (hs2.test) are running (logs: $dir/<agent>/daemon.log)"

demo_exchange alpha@hs1 beta@hs2 beta "who is online, seen from hs2:"

cat <<TXT

Watch and join in Element (desktop or web), or any Matrix client, on this machine:
  homeserver: $(value hs1_homeserver)
  user:       human        password: $human_password
  room:       $room (you were made its admin by \`cchat setup\`)
Act as the agent on hs2:  AGENTCHAT_CONFIG=$dir/beta/config.json XDG_RUNTIME_DIR=$dir/beta/run $cchat read
Stop it:                  bash scripts/up.sh --federated down   (as root, or through sudo)
TXT
