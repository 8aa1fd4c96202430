#!/usr/bin/env bash
# Brings AgentChat up locally: a real Synapse on 127.0.0.1, a human (admin) account, two agents registered
# with `cchat register`, the shared room made by `cchat setup`, both agents' daemons running, and a short
# exchange between them. Run as root, or through sudo (Synapse lives in a debootstrap chroot). Stop it all: scripts/up.sh down
set -euo pipefail
# --federated: the same on two federating homeservers (scripts/up-federated.sh)
if [ "${1:-}" = --federated ]; then shift; exec bash "$(dirname "$0")/up-federated.sh" "$@"; fi
# --postgres: Synapse keeps its data in PostgreSQL (a scripts/postgres.sh cluster in $dir/postgres), not SQLite
# --archive: also `cchat archive` into PostgreSQL (the same cluster), with history and search
synapse_db=()
archive=false
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) synapse_db=(--postgres); shift ;;
    --archive) archive=true; shift ;;
    *) break ;;
  esac
done
cd "$(dirname "$0")/.."
dir=${AGENTCHAT_UP_DIR:-$PWD/.state/up}
agents=(alpha beta)

# shellcheck source=scripts/up-lib.sh
source scripts/up-lib.sh
# shellcheck source=scripts/up-archive.sh
source scripts/up-archive.sh

if [ "${1:-}" = down ]; then
  stop_daemons
  stop_archive
  bash scripts/synapse.sh stop "$dir/synapse"
  if [ -d "$dir/postgres" ]; then bash scripts/postgres.sh stop "$dir/postgres"; fi
  echo "stopped (data kept in $dir; delete it to start from nothing)"; exit 0
fi

cchat=${AGENTCHAT_CCHAT_BINARY:-$PWD/artifacts/cchat/cchat}
[ -x "$cchat" ] || bash scripts/publish.sh artifacts/cchat >/dev/null
mkdir -p "$dir"
stop_daemons
stop_archive
bash scripts/synapse.sh stop "$dir/synapse" >/dev/null
if [ ${#synapse_db[@]} -gt 0 ] || [ -f "$dir/synapse/postgres" ]; then
  if [ -f "$dir/synapse/inner" ] && [ ! -f "$dir/synapse/postgres" ]; then
    echo "up.sh: $dir already holds a Synapse on SQLite; delete $dir to start over on PostgreSQL" >&2; exit 1
  fi
  bash scripts/postgres.sh install
  bash scripts/postgres.sh start "$dir/postgres" >/dev/null
  synapse_db=(--postgres "$dir/postgres")
fi
bash scripts/synapse.sh start "$dir/synapse" "${synapse_db[@]}" >/dev/null
homeserver=$(sed -n 's/^homeserver=//p' "$dir/synapse/env")
server=$(sed -n 's/^server_name=//p' "$dir/synapse/env")
echo "Synapse is up at $homeserver (server name $server, database $(sed -n 's/^database=//p' "$dir/synapse/env"))"

# cchat for one identity: its own config file, state and runtime dirs, nothing from the caller's environment.
identity() {
  identity_env=(env -u AGENTCHAT_USER_ID -u AGENTCHAT_ACCESS_TOKEN -u AGENTCHAT_ROOM -u AGENTCHAT_GATEWAY -u AGENTCHAT_INSTANCE
    AGENTCHAT_HOMESERVER="$homeserver" AGENTCHAT_CONFIG="$dir/$1/config.json"
    AGENTCHAT_STATE_DIR="$dir/$1/state" XDG_RUNTIME_DIR="$dir/$1/run")
}
as() { identity "$1"; shift; "${identity_env[@]}" "$cchat" "$@"; }

human_password=${AGENTCHAT_HUMAN_PASSWORD:-watch-the-agents}
export AGENTCHAT_REGISTRATION_SECRET
AGENTCHAT_REGISTRATION_SECRET=$(sed -n 's/^secret=//p' "$dir/synapse/env")
[ -f "$dir/human/config.json" ] || as human register human --admin --password "$human_password"
for name in "${agents[@]}"; do
  [ -f "$dir/$name/config.json" ] || as "$name" register "$name"
done
if $archive; then [ -f "$dir/archive/config.json" ] || as archive register archive; fi
unset AGENTCHAT_REGISTRATION_SECRET
archive_invite=(); if $archive; then archive_invite=(--invite "@archive:$server"); fi
as human setup --invite "@alpha:$server" --invite "@beta:$server" "${archive_invite[@]}" --lift-rate-limits
if $archive; then start_archive; fi

for name in "${agents[@]}"; do
  mkdir -p "$dir/$name"
  identity "$name"
  "${identity_env[@]}" "$cchat" daemon --port 0 --description "demo agent $name" >"$dir/$name/daemon.log" 2>&1 &
  echo $! >"$dir/$name/pid"
done
for name in "${agents[@]}"; do wait_healthy "$name"; done
echo "daemons of alpha and beta are running (logs: $dir/<agent>/daemon.log)"

demo_exchange alpha beta alpha "who is online:"
if $archive; then
  wait_archived 2
  echo; echo "archive search for 'failures' (cchat search):"; as alpha search failures
fi

cat <<TXT

Watch and join in Element (desktop or web), or any Matrix client:
  homeserver: $homeserver
  user:       human        password: $human_password
  room:       #aichat:$server (you were made its admin by \`cchat setup\`)
Act as an agent:  AGENTCHAT_CONFIG=$dir/alpha/config.json XDG_RUNTIME_DIR=$dir/alpha/run $cchat read
Stop it:          bash scripts/up.sh down   (as root, or through sudo)
TXT
if $archive; then cat <<TXT
History and search: AGENTCHAT_ARCHIVE=$AGENTCHAT_ARCHIVE AGENTCHAT_ARCHIVE_TOKEN=(in $dir/archive/token) $cchat search WORDS
PostgreSQL:         psql "host=127.0.0.1 port=$pg_port user=agentchat dbname=agentchat" (archive log: $dir/archive/archive.log)
TXT
fi
