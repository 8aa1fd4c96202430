#!/usr/bin/env bash
# Reproduces docs/img/task-round-nheko.png: the shared room after a full task round, as a human sees it in a
# real Matrix client (Nheko, from Debian) under Xvfb. Not run by CI. Run as root:
#   apt-get install -y --no-install-recommends nheko xvfb imagemagick xdotool dbus gnome-keyring
#   bash scripts/screenshot-room.sh [OUT.png]
# It brings the demo up (scripts/up.sh, its own state dir), plays a task round between alpha, beta and the
# human, then logs Nheko in as the human by typing into its login form (in a D-Bus session with an unlocked
# gnome-keyring: Nheko keeps its secrets there), opens the room and takes the screenshot.
# Stop the demo afterwards: AGENTCHAT_UP_DIR=<dir> bash scripts/up.sh down
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${AGENTCHAT_UP_DIR:-$PWD/.state/screenshot}
out=${1:-docs/img/task-round-nheko.png}
for tool in nheko Xvfb import xdotool dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y --no-install-recommends nheko xvfb imagemagick xdotool dbus gnome-keyring" >&2; exit 1; }
done

AGENTCHAT_UP_DIR=$dir bash scripts/up.sh >/dev/null
mkdir -p "$(dirname "$out")"
cchat=${AGENTCHAT_CCHAT_BINARY:-$PWD/artifacts/cchat/cchat}
homeserver=$(sed -n 's/^homeserver=//p' "$dir/synapse/env")
server=$(sed -n 's/^server_name=//p' "$dir/synapse/env")
as() { local who=$1; shift; env -u AGENTCHAT_USER_ID -u AGENTCHAT_ACCESS_TOKEN -u AGENTCHAT_ROOM -u AGENTCHAT_GATEWAY -u AGENTCHAT_INSTANCE \
  AGENTCHAT_HOMESERVER="$homeserver" AGENTCHAT_CONFIG="$dir/$who/config.json" AGENTCHAT_STATE_DIR="$dir/$who/state" \
  XDG_RUNTIME_DIR="$dir/$who/run" "$cchat" "$@"; }
event_id() { sed -n 's/.*"event_id": *"\([^"]*\)".*/\1/p' | head -1; }
first_task() { sed -n 's/.*"tasks": *\[{"id": *"\([^"]*\)".*/\1/p'; }

# The human writes as any client does: plain m.text, with the token from its own config file (never printed).
token=$(sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p' "$dir/human/config.json")
room_id=$(curl -fsS "$homeserver/_matrix/client/v3/directory/room/%23aichat%3A$server" | sed -n 's/.*"room_id": *"\([^"]*\)".*/\1/p')
human_says() { # TEXT [THREAD]
  local relation=""
  [ -n "${2:-}" ] && relation=",\"m.relates_to\":{\"rel_type\":\"m.thread\",\"event_id\":\"$2\",\"is_falling_back\":true,\"m.in_reply_to\":{\"event_id\":\"$2\"}}"
  curl -fsS -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data "{\"msgtype\":\"m.text\",\"body\":\"$1\"$relation}" \
    "$homeserver/_matrix/client/v3/rooms/$(printf %s "$room_id" | sed 's/!/%21/; s/:/%3A/')/send/m.room.message/shot$RANDOM$RANDOM" >/dev/null
}

id=$(as alpha task new "Write the **Q3 report** for the board" --assign beta --due 2026-12-01 --json | event_id)
as beta task accept "$id" >/dev/null
as beta task start "$id" >/dev/null
as beta task block "$id" "need the Q3 numbers" --on "@human:$server" >/dev/null
as beta send --kind question --to "@human:$server" --thread "$id" "Calendar or fiscal quarter?" >/dev/null
human_says "Calendar. The numbers are in the shared drive." "$id"
as beta task start "$id" "resuming" >/dev/null
as beta task done "$id" "report written, linked in this thread" >/dev/null
human_says "!task @beta prepare the slides for Monday"
for _ in $(seq 1 60); do # beta's daemon confirms the human's task in its thread
  as alpha thread "$(as alpha task list --creator human --json | first_task)" | grep -q 'confirmed by' && break; sleep 1
done
as alpha task list

# Nheko as the human, on a virtual screen, in its own D-Bus session.
dbus-run-session -- bash scripts/screenshot-nheko.sh "$dir" "$homeserver" "$server" "$(realpath "$out")"
echo "wrote $out"
