# shellcheck shell=bash disable=SC2154
# Shared by up.sh and up-federated.sh (sourced): stopping the demo daemons, waiting for one to be healthy, and the
# demo's exchange. The caller defines $dir, the agents array and as(); ${stop_hint} says how to stop the rest.

# shellcheck source=scripts/process-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/process-lib.sh"

stop_daemons() {
  for name in "${agents[@]}"; do stop_pidfile "$dir/$name/pid"; done
}

# `status --daemon`, not `status`: plain status is healthy in direct mode too, before the daemon even wrote its
# discovery file. Waits up to 60 s, less when the daemon exits.
wait_healthy() {
  local name=$1 pid reason="" deadline=$((SECONDS + 60))
  pid=$(cat "$dir/$name/pid")
  while [ "$SECONDS" -lt "$deadline" ]; do
    reason=$(as "$name" status --daemon 2>&1 >/dev/null) && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  {
    echo "the $name daemon did not become healthy: ${reason#cchat status: }"
    kill -0 "$pid" 2>/dev/null || echo "its process ($pid) has exited"
    if [ -s "$dir/$name/daemon.log" ]; then echo "the end of its log ($dir/$name/daemon.log):"; tail -40 "$dir/$name/daemon.log"
    else echo "its log ($dir/$name/daemon.log) is empty"; fi
    echo "the rest is still running; stop it with: ${stop_hint:-bash scripts/up.sh down (as root)}"
  } >&2
  exit 2
}

# The first exchange: alpha gives beta a task, beta answers in its thread, then who is online.
# ALPHA BETA name the two in the headings (scripts/check-up.sh reads them); WHO_AS asks `who`, under WHO_HEADING.
demo_exchange() {
  local alpha=$1 beta=$2 who_as=$3 who_heading=$4 task task_id
  as beta read >/dev/null # start from now
  task=$(as alpha send --kind task --to beta --json "Please summarise today's **build failures**.")
  task_id=$(sed -n 's/.*"event_id": *"\([^"]*\)".*/\1/p' <<<"$task")
  echo; echo "$alpha → $beta (task):"; as beta read --wait 20
  as beta send --thread "$task_id" "On it: 3 failures, all in the flaky network test. Details in this thread." >/dev/null
  echo; echo "$beta → $alpha (reply in the thread):"; as alpha read --wait 20
  echo; echo "$who_heading"; as "$who_as" who
}
