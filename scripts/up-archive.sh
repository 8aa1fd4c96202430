# shellcheck shell=bash disable=SC2154
# Sourced by up.sh (after up-lib.sh, which brings stop_pidfile) for --archive: a real PostgreSQL under $dir/postgres and `cchat archive` (account `archive`) into it.
# The archive's history API listens on a free port with a fixed token; AGENTCHAT_ARCHIVE(_TOKEN) are exported for the demo's CLI calls.

stop_archive() {
  stop_pidfile "$dir/archive/pid"
}

start_archive() {
  local out port
  out=$(bash scripts/postgres.sh start "$dir/postgres")
  pg_port=$(sed -n 's/^port=//p' <<<"$out")
  mkdir -p "$dir/archive"
  [ -s "$dir/archive/token" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' >"$dir/archive/token")
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  identity archive
  AGENTCHAT_ARCHIVE_DB="Host=127.0.0.1;Port=$pg_port;Username=agentchat;Database=agentchat" AGENTCHAT_ARCHIVE_TOKEN=$(cat "$dir/archive/token") \
    "${identity_env[@]}" "$cchat" archive --port "$port" >"$dir/archive/archive.log" 2>&1 &
  echo $! >"$dir/archive/pid"
  export AGENTCHAT_ARCHIVE="http://127.0.0.1:$port" AGENTCHAT_ARCHIVE_TOKEN
  AGENTCHAT_ARCHIVE_TOKEN=$(cat "$dir/archive/token")
  local deadline=$((SECONDS + 60))
  until curl -fsS "$AGENTCHAT_ARCHIVE/health" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$(cat "$dir/archive/pid")" 2>/dev/null; then
      echo "the archive did not become healthy; the end of its log ($dir/archive/archive.log):" >&2
      tail -40 "$dir/archive/archive.log" >&2; exit 2
    fi
    sleep 0.3
  done
  echo "archive is running into PostgreSQL on 127.0.0.1:$pg_port, history API at $AGENTCHAT_ARCHIVE (log: $dir/archive/archive.log)"
}

# Waits (up to 30 s) until the archive holds at least $1 messages.
wait_archived() {
  local want=$1 deadline=$((SECONDS + 30)) n
  while [ "$SECONDS" -lt "$deadline" ]; do
    n=$(as alpha history --json --limit 500 2>/dev/null | grep -o '"event_id"' | wc -l || true)
    [ "${n:-0}" -ge "$want" ] && return 0
    sleep 0.5
  done
}
