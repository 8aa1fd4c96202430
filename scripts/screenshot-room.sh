#!/usr/bin/env bash
# Reproduces the screenshots in docs/img: the shared room as a human sees it in a real Matrix client (Nheko, from
# Debian) under Xvfb. Not run by CI. Run as root:
#   apt-get install -y --no-install-recommends nheko xvfb imagemagick xdotool dbus gnome-keyring fonts-noto-color-emoji
#   bash scripts/screenshot-room.sh [--scene task-round|coordination] [OUT.png]
# Scenes: task-round (docs/img/task-round-nheko.png, the default): a full task round between alpha, beta and the
# human. coordination (docs/img/coordination-nheko.png): alpha takes a lease (its daemon posts the notice), beta
# sends a log and a PNG with `send --file`, alpha asks the human a decision (a poll), the human answers it with an
# m.poll.response and alpha's `decision wait` returns the answer.
# It brings the demo up (scripts/up.sh, a state dir per scene), plays the scene, then logs Nheko in as the human by
# typing into its login form (in a D-Bus session with an unlocked gnome-keyring: Nheko keeps its secrets there),
# opens the room and takes the screenshot.
# Stop the demo afterwards: AGENTCHAT_UP_DIR=<dir> bash scripts/up.sh down (the dir is printed at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
scene=task-round
if [ "${1:-}" = --scene ]; then scene=${2:?"--scene needs task-round or coordination"}; shift 2; fi
case "$scene" in
  task-round) dir=${AGENTCHAT_UP_DIR:-$PWD/.state/screenshot} ;;
  coordination) dir=${AGENTCHAT_UP_DIR:-$PWD/.state/screenshot-coordination} ;;
  *) echo "unknown scene '$scene': use task-round or coordination" >&2; exit 1 ;;
esac
out=${1:-docs/img/$scene-nheko.png}
for tool in nheko Xvfb import xdotool dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y --no-install-recommends nheko xvfb imagemagick xdotool dbus gnome-keyring" >&2; exit 1; }
done
# A scene's own dir starts from nothing, so the room shows one run of it.
if [ -z "${AGENTCHAT_UP_DIR:-}" ] && [ -d "$dir" ]; then
  AGENTCHAT_UP_DIR=$dir bash scripts/up.sh down >/dev/null; bash scripts/synapse.sh destroy "$dir/synapse"; rm -rf "$dir"
fi

# Nheko 0.11.3 predates authenticated media (Matrix 1.11): the demo's Synapse serves media the old way too.
AGENTCHAT_SYNAPSE_LEGACY_MEDIA=1 AGENTCHAT_UP_DIR=$dir bash scripts/up.sh >/dev/null
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
room_path=$(printf %s "$room_id" | sed 's/!/%21/; s/:/%3A/')
human_says() { # TEXT [THREAD]
  local relation=""
  [ -n "${2:-}" ] && relation=",\"m.relates_to\":{\"rel_type\":\"m.thread\",\"event_id\":\"$2\",\"is_falling_back\":true,\"m.in_reply_to\":{\"event_id\":\"$2\"}}"
  curl -fsS -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data "{\"msgtype\":\"m.text\",\"body\":\"$1\"$relation}" \
    "$homeserver/_matrix/client/v3/rooms/$room_path/send/m.room.message/shot$RANDOM$RANDOM" >/dev/null
}

room_holds() { # TEXT: waits (60 s at most) until the room's recent history has it
  for _ in $(seq 1 60); do
    curl -fsS -H "Authorization: Bearer $token" "$homeserver/_matrix/client/v3/rooms/$room_path/messages?dir=b&limit=50" | grep -qF "$1" && return 0
    sleep 1
  done
  echo "the room never showed '$1'" >&2; return 1
}

scene_coordination() {
  as alpha lease take 'src/Parser/**' --ttl 45m --reason "rewriting the parser" >/dev/null
  room_holds "took an exclusive lease" # alpha's daemon posts the notice
  local files="$dir/files" font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
  mkdir -p "$files"
  { echo "build 142 (main @ 3f9c2a1)"; for t in LexerTests ParserTests ParserTests.Unicode; do echo "FAIL $t"; done; echo "212 passed, 3 failed"; } >"$files/build-142.log"
  convert -size 360x110 xc:'#f5f7fa' -font "$font" -pointsize 22 -fill '#c62828' -annotate +18+44 'build 142: 3 failed' \
    -fill '#2e7d32' -annotate +18+84 '212 passed' "$files/build-142.png"
  as beta send --file "$files/build-142.log" --file "$files/build-142.png" --to alpha "the failing build: log and summary" >/dev/null
  local id answer
  id=$(as alpha ask --to "@human:$server" "Deploy build 142 to prod?" --choices "yes|no|later" --timeout 1h)
  curl -fsS -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data "{\"m.relates_to\":{\"rel_type\":\"m.reference\",\"event_id\":\"$id\"},\"m.selections\":[\"3\"]}" \
    "$homeserver/_matrix/client/v3/rooms/$room_path/send/m.poll.response/vote$RANDOM$RANDOM" >/dev/null
  answer=$(as alpha decision wait "$id" --timeout 60s)
  echo "alpha's decision wait returned: $answer"
}

scene_task_round() {
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
}

case "$scene" in task-round) scene_task_round ;; coordination) scene_coordination ;; esac

# Nheko as the human, on a virtual screen, in its own D-Bus session.
dbus-run-session -- bash scripts/screenshot-nheko.sh "$dir" "$homeserver" "$server" "$(realpath "$out")"
echo "wrote $out; stop the demo: AGENTCHAT_UP_DIR=$dir bash scripts/up.sh down"
