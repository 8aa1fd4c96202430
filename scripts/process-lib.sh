# shellcheck shell=bash
# Stopping what a script started, in one way everywhere (sourced by synapse.sh, federation.sh, postgres.sh, up-lib.sh,
# up-archive.sh and validate/boot.sh).

# stop_process_group PID [SECONDS]: SIGTERM to the session PID leads (all that a `setsid` start made), or to PID
# alone when it leads none; waits up to SECONDS (default 10) until none of it is left, then SIGKILLs the rest.
stop_process_group() {
  local pid=$1 tenths=$((${2:-10} * 10))
  case "$pid" in '' | 0 | *[!0-9]*) return 0 ;; esac
  pkill -TERM -s "$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 "$tenths"); do
    pgrep -s "$pid" >/dev/null 2>&1 || kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  pkill -KILL -s "$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

# stop_pidfile FILE [SECONDS]: stop_process_group of the pid in FILE, then FILE removed; nothing when FILE is absent.
stop_pidfile() {
  [ -f "$1" ] || return 0
  stop_process_group "$(cat "$1")" "${2:-10}"
  rm -f "$1"
}

# destroy_when_gone OWNER_PID SCRIPT DIR: once OWNER_PID has exited, `bash SCRIPT destroy DIR`, however the owner ended
# (a test run names its own pid). In its own session, so it outlives the caller's process group; `bash SCRIPT`: the
# script need not be executable. $! is the watcher's pid afterwards.
destroy_when_gone() {
  # shellcheck disable=SC2016 # expanded by the watcher's bash
  setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 2; done; exec bash "$2" destroy "$3"' _ \
    "$1" "$2" "$3" </dev/null >/dev/null 2>&1 &
}
