# shellcheck shell=bash disable=SC2154
# Shared by up.sh and up-federated.sh (sourced): stopping the demo daemons, and waiting for one to be healthy.
# The caller defines $dir, the agents array and as(); ${stop_hint} says how to stop the rest.

stop_daemons() {
  for name in "${agents[@]}"; do
    [ -f "$dir/$name/pid" ] || continue
    kill -TERM "$(cat "$dir/$name/pid")" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$(cat "$dir/$name/pid")" 2>/dev/null || break; sleep 0.1; done
    rm -f "$dir/$name/pid"
  done
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
    echo "the rest is still running; stop it with: ${stop_hint:-sudo bash scripts/up.sh down}"
  } >&2
  exit 2
}
