#!/usr/bin/env bash
# CI: the README's first command on fresh state. Runs scripts/up.sh in a new directory, checks the exchange it
# printed and that the human sees the same in the room (direct REST, past the daemons), then `up.sh down`, and
# checks that the daemons are gone. Needs root, like up.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTCHAT_UP_DIR=$(mktemp -d /tmp/agentchat-up.XXXXXX)
export AGENTCHAT_UP_DIR
dir=$AGENTCHAT_UP_DIR
cchat=${AGENTCHAT_CCHAT_BINARY:-$PWD/artifacts/cchat/cchat}
out=$dir/up.out
trap 'bash scripts/up.sh down >/dev/null 2>&1 || true; bash scripts/synapse.sh destroy "$dir/synapse" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT

fail() {
  echo "check-up: $*" >&2
  echo "--- scripts/up.sh printed:" >&2; cat "$out" >&2
  exit 1
}
# The lines after a heading that up.sh prints, up to the next blank line.
section() { awk -v h="$1" '$0 == h { on = 1; next } on && /^$/ { exit } on { print }' "$out"; }
has() { grep -qF -- "$2" <<<"$1"; }

start=$(date +%s)
status=0
bash scripts/up.sh >"$out" 2>&1 || status=$?
[ "$status" -eq 0 ] || fail "scripts/up.sh exited $status"

task=$(section "alpha → beta (task):")
has "$task" "@alpha:" && has "$task" "(alpha)" && has "$task" "[TASK]" && has "$task" "Please summarise today's **build failures**." \
  || fail "beta's read did not show alpha's task"
task_id=$(sed -n 's/^ *id=\(\$[^ ]*\).*/\1/p' <<<"$task" | head -1)
[ -n "$task_id" ] || fail "no event id printed for the task"
reply=$(section "beta → alpha (reply in the thread):")
has "$reply" "@beta:" && has "$reply" "(beta)" && has "$reply" "On it: 3 failures" && has "$reply" "thread=$task_id" \
  || fail "alpha's read did not show beta's reply in the task's thread"
who=$(section "who is online:")
has "$who" "online  alpha" && has "$who" "online  beta" || fail "who does not show both agents online"

# What the human reads in the room: one message per line.
messages=$(env -u AGENTCHAT_USER_ID -u AGENTCHAT_ACCESS_TOKEN -u AGENTCHAT_ROOM -u AGENTCHAT_GATEWAY -u AGENTCHAT_INSTANCE \
  AGENTCHAT_CONFIG="$dir/human/config.json" AGENTCHAT_STATE_DIR="$dir/human/state" XDG_RUNTIME_DIR="$dir/human/run" \
  "$cchat" read --json --limit 50 | sed 's/},{"cursor"/}\n{"cursor"/g') || fail "the human's cchat read failed"
grep -F "\"event_id\":\"$task_id\"" <<<"$messages" | grep -F '"sender":"@alpha:' | grep -F '"instance":"alpha"' | grep -F '"human":false' \
  | grep -F '"kind":"task"' | grep -qF '"mentions":["@beta:' \
  || fail "the room has no task from alpha to beta with id $task_id; the human read: $messages"
grep -F "\"thread\":\"$task_id\"" <<<"$messages" | grep -F '"sender":"@beta:' | grep -qF 'On it: 3 failures' \
  || fail "the room has no reply from beta in the task's thread; the human read: $messages"

bash scripts/up.sh down >/dev/null
for name in alpha beta; do
  [ ! -f "$dir/$name/pid" ] || fail "up.sh down left $dir/$name/pid"
  ls "$dir/$name/run/agentchat/"*.json >/dev/null 2>&1 && fail "the $name daemon left its discovery file after up.sh down"
done
echo "check-up: scripts/up.sh on fresh state works: task and thread reply exchanged, both agents online, stopped cleanly ($(( $(date +%s) - start )) s)"
