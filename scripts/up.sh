#!/usr/bin/env bash
# Brings AgentChat up locally: a real Synapse on 127.0.0.1, accounts for two agents and a human.
# Run as root (Synapse lives in a debootstrap chroot). Stop everything with: scripts/up.sh down
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${AGENTCHAT_UP_DIR:-$PWD/.state/up}

if [ "${1:-}" = down ]; then
  bash scripts/synapse.sh stop "$dir/synapse"
  echo "stopped"; exit 0
fi

mkdir -p "$dir"
bash scripts/synapse.sh start "$dir/synapse" >/dev/null
homeserver=$(sed -n 's/^homeserver=//p' "$dir/synapse/env")
secret=$(sed -n 's/^secret=//p' "$dir/synapse/env")
server=$(sed -n 's/^server_name=//p' "$dir/synapse/env")
echo "Synapse is up at $homeserver (server name $server)"

register() { # name password admin
  local nonce mac admin=$3
  nonce=$(curl -fsS "$homeserver/_synapse/admin/v1/register" | sed 's/.*"nonce":"\([^"]*\)".*/\1/')
  mac=$(printf '%s\0%s\0%s\0%s' "$nonce" "$1" "$2" "$([ "$admin" = true ] && echo admin || echo notadmin)" \
        | openssl dgst -sha1 -hmac "$secret" | awk '{print $NF}')
  curl -sS -o /dev/null -w '%{http_code}' -X POST "$homeserver/_synapse/admin/v1/register" -H 'Content-Type: application/json' \
    -d "{\"nonce\":\"$nonce\",\"username\":\"$1\",\"password\":\"$2\",\"admin\":$admin,\"mac\":\"$mac\"}"
}
human_password=${AGENTCHAT_HUMAN_PASSWORD:-watch-the-agents}
code=$(register human "$human_password" true)
case "$code" in 200) echo "created @human:$server";; 400) echo "@human:$server exists";; *) echo "could not create @human ($code)" >&2; exit 2;; esac

cat <<TXT

Watch in Element (or any Matrix client):
  homeserver: $homeserver
  user:       human        password: $human_password
Stop it:      bash scripts/up.sh down
TXT
