#!/usr/bin/env bash
# Builds deploy/Dockerfile with a real Docker engine and runs the image against a real Synapse, on a
# machine that cannot pull base images (docs/trying-deploy.md says why and what it checks):
#
#   bash deploy/try-image.sh            (as root, or with sudo)
#
# - Stand-ins tagged with the FROM names: a Debian root (debootstrap from apt's own mirror, `docker
#   import`) with the base images' user app (uid 1654) and ASPNETCORE_HTTP_PORTS=8080, and the host's
#   .NET SDK and trusted CAs on top for the SDK image. They are built once and kept.
# - The `# syntax=` line is dropped for the build (its frontend image cannot be pulled), so the engine's
#   built-in Dockerfile frontend builds it: the oldest one operators are likely to run.
# - Checks: modes and owners of the data and runtime directories in the image and in a fresh volume,
#   ASPNETCORE_HTTP_PORTS empty, no Kestrel "Overriding address(es)" warning, register and setup from a volume,
#   the daemon healthy (the image's HEALTHCHECK), a send through the daemon, a clean `docker stop`;
#   then deploy/docker-compose.yml with every service that has a stand-in: Synapse (scripts/synapse.sh's
#   chroot) on PostgreSQL and Prometheus (Debian's packages); Element and Grafana are left out (no
#   stand-in). Checks: the one-shot setup, the guide's send/read, Synapse's and the archive's data in
#   PostgreSQL, Prometheus scraping the agents and the archive, the agents' health check, stable
#   hostnames in `cchat who` across a recreate, a clean stop shown offline; the bridge service (profile bridge):
#   in the plain image it stops with exit 78 saying Claude Code is missing, in a derived image with a stand-in
#   `claude` it is in `cchat who` and answers a human's `!claude`.
# Not part of scripts/validate-deploy.sh: a cold run publishes the AOT binary inside the build (minutes).
# Exit 1 when a check failed. Needs root, docker.io (installed when missing), scripts/synapse.sh's chroot.
# A dockerd this script starts is stopped at its end (AGENTCHAT_TRY_KEEP_DOCKERD=1 keeps it running).
# The client is Debian's /usr/bin/docker (AGENTCHAT_DOCKER): a client without the buildx plugin, such as
# a static download in /usr/local/bin, refuses DOCKER_BUILDKIT=1 builds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DOCKER=${AGENTCHAT_DOCKER:-/usr/bin/docker}
SDK=mcr.microsoft.com/dotnet/sdk:10.0
RUNTIME=mcr.microsoft.com/dotnet/runtime-deps:10.0
IMAGE=agentchat/cchat:try
STANDIN_ROOT=${AGENTCHAT_STANDIN_ROOT:-/var/cache/agentchat/docker-standin-root}

failed=0
ok()  { printf '  ok    %s\n' "$*"; }
bad() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$*"; }
[ "$(id -u)" = 0 ] || { echo "try-image: needs root" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

WORK=$(mktemp -d)
TRY=agentchat-try-$$
COMPOSE=() started_dockerd=''
cleanup() {
  if [ -d "$WORK/stack" ] && [ ${#COMPOSE[@]} -gt 0 ]; then
    (cd "$WORK/stack" && "${COMPOSE[@]}" -p "$TRY" down -v >/dev/null 2>&1) || true
  fi
  "$DOCKER" rm -f "$TRY" >/dev/null 2>&1 || true
  "$DOCKER" volume rm -f "$TRY" >/dev/null 2>&1 || true
  if [ -f "$WORK/syn/env" ]; then bash scripts/synapse.sh destroy "$WORK/syn" >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
  if [ -n "$started_dockerd" ] && [ "${AGENTCHAT_TRY_KEEP_DOCKERD:-0}" != 1 ]; then
    echo "try-image: stopping the dockerd it started (pid $started_dockerd)"
    kill "$started_dockerd" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$started_dockerd" 2>/dev/null || break; sleep 0.2; done
  fi
}
trap cleanup EXIT

# ---- engine
if [ ! -x "$DOCKER" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi
if ! "$DOCKER" info >/dev/null 2>&1; then
  echo "try-image: starting dockerd (log: /var/log/agentchat-dockerd.log; stopped again at the end)"
  setsid dockerd >/var/log/agentchat-dockerd.log 2>&1 </dev/null &
  started_dockerd=$!
  for _ in $(seq 1 100); do "$DOCKER" info >/dev/null 2>&1 && break; sleep 0.3; done
fi
echo "try-image: engine $("$DOCKER" version -f '{{.Server.Version}}')"

# ---- stand-in base images
if ! "$DOCKER" image inspect agentchat-standin/debian:local >/dev/null 2>&1; then
  if [ ! -x "$STANDIN_ROOT/bin/sh" ]; then
    mirror=$(grep -h -o -E '^URIs: *[a-z]+://[^ ]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | head -1) || true
    [ -n "$mirror" ] || mirror=$(grep -h -o -E '^deb +[a-z]+://[^ ]+' /etc/apt/sources.list | awk '{print $2}' | grep -v -- '-security' | head -1) || true
    # shellcheck source=/dev/null
    suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
    command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    debootstrap --variant=minbase --include=libssl3,ca-certificates,tzdata "$suite" "$STANDIN_ROOT.partial" "$mirror" >"$WORK/debootstrap.log" 2>&1 \
      || { tail -5 "$WORK/debootstrap.log"; exit 1; }
    mv "$STANDIN_ROOT.partial" "$STANDIN_ROOT"
  fi
  tar -C "$STANDIN_ROOT" -c . | "$DOCKER" import - agentchat-standin/debian:local >/dev/null
fi
if ! "$DOCKER" image inspect "$RUNTIME" >/dev/null 2>&1; then
  mkdir -p "$WORK/rt"
  cat >"$WORK/rt/Dockerfile" <<'EOF'
FROM agentchat-standin/debian:local
RUN groupadd -g 1654 app && useradd -u 1654 -g app -d /home/app -m -s /usr/sbin/nologin app
ENV APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true
EOF
  DOCKER_BUILDKIT=1 "$DOCKER" build -q -t "$RUNTIME" "$WORK/rt" >/dev/null
fi
if ! "$DOCKER" image inspect "$SDK" >/dev/null 2>&1; then
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  # The host's own trusted CAs go in too: where an egress proxy re-signs TLS, NuGet needs them.
  mkdir -p "$WORK/sdk/ca"
  cp /usr/local/share/ca-certificates/*.crt "$WORK/sdk/ca/" 2>/dev/null || true
  # ICU, which the real SDK image has and the .NET CLI needs (libicuNN: the number follows the release).
  cat >"$WORK/sdk/Dockerfile" <<EOF
FROM $RUNTIME
COPY dotnet /usr/share/dotnet
COPY ca/ /usr/local/share/ca-certificates/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet && update-ca-certificates \
 && apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "\$(apt-cache pkgnames libicu | grep -E '^libicu[0-9]+\$' | sort -V | tail -1)" >/dev/null \
 && rm -rf /var/lib/apt/lists/* && dotnet --version
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
EOF
  cp -a "$dotnet_root" "$WORK/sdk/dotnet"
  DOCKER_BUILDKIT=1 "$DOCKER" build -q -t "$SDK" "$WORK/sdk" >/dev/null
fi

# ---- build
sed '/^# syntax=/d' deploy/Dockerfile >"$WORK/Dockerfile"
start=$(date +%s)
if ! DOCKER_BUILDKIT=1 "$DOCKER" build --progress=plain -f "$WORK/Dockerfile" -t "$IMAGE" . >"$WORK/build.log" 2>&1; then
  tail -30 "$WORK/build.log"; echo "try-image: build failed"; exit 1
fi
ok "image built in $(( $(date +%s) - start )) s with the engine's own BuildKit"

# ---- the image as built
# shellcheck disable=SC2016 # expanded in the container
out=$("$DOCKER" run --rm --entrypoint /bin/sh "$IMAGE" -c 'stat -c "%a %u %n" /var/lib/agentchat /var/lib/agentchat/config /var/lib/agentchat/state /run/agentchat; id -u; echo "[$ASPNETCORE_HTTP_PORTS]"')
if [ "$(echo "$out" | head -4 | awk '{print $1, $2}' | sort -u)" = "700 1654" ]; then ok "data and runtime dirs 0700, uid 1654: $(echo "$out" | head -4 | awk '{print $3}' | tr '\n' ' ')"
else bad "directory modes in the image:"; echo "$out" | head -4; fi
if [ "$(echo "$out" | sed -n 5p)" = 1654 ]; then ok "runs as uid 1654"; else bad "runs as uid $(echo "$out" | sed -n 5p)"; fi
if [ "$(echo "$out" | sed -n 6p)" = "[]" ]; then ok "ASPNETCORE_HTTP_PORTS is empty"; else bad "ASPNETCORE_HTTP_PORTS is $(echo "$out" | sed -n 6p)"; fi

# ---- run it against a real Synapse (host network: Synapse listens on the host's loopback)
AGENTCHAT_SYNAPSE_OWNER_PID=$$ bash scripts/synapse.sh start "$WORK/syn" >/dev/null
hs=$(sed -n 's/^homeserver=//p' "$WORK/syn/env"); secret=$(sed -n 's/^secret=//p' "$WORK/syn/env")
port=$(free_port)
"$DOCKER" volume create "$TRY" >/dev/null
if "$DOCKER" run --rm --network host -v "$TRY:/var/lib/agentchat" -e AGENTCHAT_HOMESERVER="$hs" \
     -e AGENTCHAT_REGISTRATION_SECRET="$secret" "$IMAGE" register "try$$" >"$WORK/register.log" 2>&1; then
  ok "register into the volume: $(tail -1 "$WORK/register.log")"
else bad "register"; cat "$WORK/register.log"; fi
if "$DOCKER" run --rm --network host -v "$TRY:/var/lib/agentchat" -e AGENTCHAT_HOMESERVER="$hs" "$IMAGE" setup >"$WORK/setup.log" 2>&1; then
  ok "cchat setup with the volume's credentials: $(head -1 "$WORK/setup.log")"
else bad "setup"; cat "$WORK/setup.log"; fi
# The HEALTHCHECK is the image's own unless the engine's cchat lacks `status --daemon` (older branch).
health=() how="the image's HEALTHCHECK"
# The help is captured first, then matched: `... | grep -q` under pipefail failed about one run in two (grep
# exits at the first match and the writer gets SIGPIPE), and the fallback then claimed the flag was missing.
status_help=$("$DOCKER" run --rm "$IMAGE" status --help 2>&1 || true)
if [[ $status_help != *--daemon* ]]; then
  health=(--health-cmd "cchat status"); how="--health-cmd 'cchat status' (this cchat has no status --daemon)"
fi
"$DOCKER" run -d --name "$TRY" --hostname "$TRY" --network host "${health[@]}" --health-interval 2s \
  -v "$TRY:/var/lib/agentchat" -e AGENTCHAT_HOMESERVER="$hs" -e AGENTCHAT_PORT="$port" -e AGENTCHAT_BIND=127.0.0.1 "$IMAGE" >/dev/null
state=''
for _ in $(seq 1 120); do
  state=$("$DOCKER" inspect -f '{{.State.Health.Status}}' "$TRY" 2>/dev/null) || true
  [ "$state" = healthy ] && break
  sleep 0.5
done
if [ "$state" = healthy ]; then ok "container healthy ($how)"; else bad "container is $state"; "$DOCKER" logs "$TRY" 2>&1 | tail -10; fi
out=$("$DOCKER" exec "$TRY" sh -c 'stat -c "%a %u %n" /var/lib/agentchat /var/lib/agentchat/config /var/lib/agentchat/state /run/agentchat') || true
if [ "$(echo "$out" | awk '{print $1, $2}' | sort -u)" = "700 1654" ]; then ok "in a fresh volume too: $(echo "$out" | awk '{print $3}' | tr '\n' ' ')"
else bad "modes in the running container:"; echo "$out"; fi
out=$("$DOCKER" exec "$TRY" cchat send "hello from $TRY" 2>&1) || true
if [[ $out == *"(via gateway)"* ]]; then ok "send through the daemon: $out"; else bad "send: $out"; fi
if "$DOCKER" logs "$TRY" 2>&1 | grep -q 'Overriding address'; then bad "Kestrel warns: $("$DOCKER" logs "$TRY" 2>&1 | grep 'Overriding address' | head -1)"
else ok "no Kestrel 'Overriding address(es)' warning in the log"; fi
start=$(date +%s%N)
"$DOCKER" stop "$TRY" >/dev/null || true
ms=$(( ($(date +%s%N) - start) / 1000000 ))
code=$("$DOCKER" inspect -f '{{.State.ExitCode}}' "$TRY")
if [ "$code" = 0 ] && [ $ms -lt 10000 ]; then ok "docker stop in $ms ms, exit code 0"; else bad "docker stop took $ms ms, exit code $code"; fi
if "$DOCKER" logs "$TRY" 2>&1 | grep -q -E 'syt_|access_token'; then bad "a token appears in the container log"; else ok "no access token in the container log"; fi

# ---- the compose stack's bridge (profile bridge): first the plain image, which has no Claude Code (the service must
# stop at once and say so), then a derived image with a stand-in `claude` (a script printing a stream-json result):
# healthy, in `cchat who`, and a human's `!claude` (alice, through Synapse's published port) answered in its thread.
try_bridge() {
  local cid code out token room ev answer hs
  export AGENTCHAT_BRIDGE_IMAGE=$IMAGE
  compose --profile bridge up -d bridge >"$WORK/bridge-up.log" 2>&1 || { tail -10 "$WORK/bridge-up.log"; }
  code=''
  for _ in $(seq 1 60); do
    cid=$(compose --profile bridge ps -q bridge 2>/dev/null) || true
    code=$("$DOCKER" inspect -f '{{.State.ExitCode}}' "$cid" 2>/dev/null) || true
    [ "${code:-0}" != 0 ] && break
    sleep 1
  done
  out=$(compose --profile bridge logs --no-color bridge 2>&1 | grep -m1 'Claude Code not found') || true
  if [ "$code" = 78 ] && [ -n "$out" ]; then ok "compose bridge without Claude Code: exit 78, ${out#*| }"
  else bad "compose bridge in the plain image: exit code '$code', log: $(compose --profile bridge logs --no-color --tail 5 bridge 2>&1)"; fi
  compose --profile bridge stop bridge >/dev/null 2>&1 || true

  mkdir -p "$WORK/bridge-image"
  cat >"$WORK/bridge-image/claude" <<'EOF2'
#!/bin/sh
# stand-in for Claude Code: --version, or one headless run that answers with a stream-json result
[ "${1:-}" = --version ] && { echo "0.0.0 (try-image stand-in)"; exit 0; }
cat >/dev/null
sid="standin-$(date +%s%N)"
key=unset; [ -n "${ANTHROPIC_API_KEY:-}" ] && key=set
printf '{"type":"system","subtype":"init","session_id":"%s","model":"standin"}\n' "$sid"
printf '{"type":"result","subtype":"success","is_error":false,"duration_ms":3,"num_turns":1,"result":"standin answer: home=%s key=%s","session_id":"%s","total_cost_usd":0.001,"usage":{"input_tokens":1,"output_tokens":2}}\n' "$HOME" "$key" "$sid"
EOF2
  cat >"$WORK/bridge-image/Dockerfile" <<EOF2
FROM $IMAGE
COPY --chmod=0755 claude /usr/local/bin/claude
EOF2
  DOCKER_BUILDKIT=1 "$DOCKER" build -q -t agentchat/cchat:try-bridge "$WORK/bridge-image" >/dev/null
  export AGENTCHAT_BRIDGE_IMAGE=agentchat/cchat:try-bridge
  compose --profile bridge up -d bridge >"$WORK/bridge-up.log" 2>&1 || { tail -10 "$WORK/bridge-up.log"; }
  out=''
  for _ in $(seq 1 60); do
    out=$(compose exec -T claude-review cchat who --json 2>/dev/null | python3 -c '
import json, sys
for i in json.load(sys.stdin)["instances"]:
    if i["instance"] == "claude-bridge": print(i["alive"], i["kind"], i.get("host"))') || true
    [ "$out" = "True persistent claude-bridge" ] && break
    sleep 2
  done
  if [ "$out" = "True persistent claude-bridge" ]; then ok "compose bridge in a derived image with claude: in cchat who, alive, persistent, on host claude-bridge"
  else bad "compose bridge: cchat who shows '$out'"; compose --profile bridge logs --no-color --tail 15 bridge; fi
  hs=http://127.0.0.1:$syn_port
  token=$(curl -fsS -m 10 -X POST "$hs/_matrix/client/v3/login" -H 'Content-Type: application/json' \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"type":"m.login.password","identifier":{"type":"m.id.user","user":"alice"},"password":open(sys.argv[1]).read().strip()}))' secrets/observer_password)" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])') || true
  room=$(curl -fsS -m 10 -X POST -H "Authorization: Bearer $token" "$hs/_matrix/client/v3/join/%23aichat%3Alocalhost" -d '{}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["room_id"])') || true
  ev=$(curl -fsS -m 10 -X PUT -H "Authorization: Bearer $token" -d '{"msgtype":"m.text","body":"!claude try-image question"}' \
    "$hs/_matrix/client/v3/rooms/$room/send/m.room.message/try-bridge-$$" | python3 -c 'import json,sys; print(json.load(sys.stdin)["event_id"])') || true
  answer=''
  for _ in $(seq 1 60); do
    answer=$(curl -fsS -m 10 -H "Authorization: Bearer $token" "$hs/_matrix/client/v3/rooms/$room/messages?dir=b&limit=50" | python3 -c '
import json, sys
for e in json.load(sys.stdin)["chunk"]:
    c = e.get("content") or {}
    b = (c.get("com.aiagentchat.meta") or {}).get("bridge") or {}
    if e["sender"] == "@claude-bridge:localhost" and b.get("answers") == sys.argv[1]:
        print(c.get("body")); break' "$ev" 2>/dev/null) || true
    [ -n "$answer" ] && break
    sleep 1
  done
  if [ "$answer" = "standin answer: home=/var/lib/agentchat key=set" ]; then ok "compose bridge: alice's !claude answered in the room: $answer"
  else bad "compose bridge: the answer to alice's !claude is '$answer' (event ${ev:-none})"; compose --profile bridge logs --no-color --tail 15 bridge; fi
  compose --profile bridge stop bridge >/dev/null 2>&1 || true
  code=$("$DOCKER" inspect -f '{{.State.ExitCode}}' "$(compose --profile bridge ps -q bridge)" 2>/dev/null) || true
  if [ "$code" = 0 ]; then ok "compose bridge: stopped with exit code 0"; else bad "compose bridge: stop gave exit code '$code'"; fi
  if compose --profile bridge logs --no-color bridge 2>&1 | grep -q -F -e "$(cat secrets/anthropic_api_key)" -e syt_; then
    bad "compose bridge: the API key or a token is in its log"
  else ok "compose bridge: neither the API key nor a token in its log"; fi
}

# ---- the compose stack, every service that can be stood in (AGENTCHAT_TRY_COMPOSE=0 skips it)
if [ "${AGENTCHAT_TRY_COMPOSE:-1}" = 1 ]; then
  compose_start=$(date +%s)
  echo "try-image: the compose stack; not run here: element and grafana (no stand-in: Element Web is a"
  echo "           JavaScript bundle from its own image, Grafana is not packaged in Debian)"
  # Synapse: Debian's matrix-synapse from scripts/synapse.sh's chroot (with psycopg2, for PostgreSQL), plus
  # what the stack uses from the real image: gosu, curl, python, register_new_matrix_user, an entrypoint
  # taking "run ARGS".
  SYN_IMAGE=agentchat-standin/synapse:compose
  if ! "$DOCKER" image inspect "$SYN_IMAGE" >/dev/null 2>&1; then
    t=$(date +%s)
    bash scripts/synapse.sh install
    tar -C "${AGENTCHAT_SYNAPSE_ROOT:-/var/cache/agentchat/synapse-root}" --exclude=./srv/agentchat --exclude='./proc/*' \
      --exclude='./tmp/*' -c . | "$DOCKER" import - agentchat-standin/synapse-root:local >/dev/null
    mkdir -p "$WORK/syn-image"
    cat >"$WORK/syn-image/Dockerfile" <<'EOF'
FROM agentchat-standin/synapse-root:local
RUN apt-get -o Acquire::Check-Valid-Until=false update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gosu curl >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && ln -sf /usr/bin/synapse_register_new_matrix_user /usr/local/bin/register_new_matrix_user \
 && ln -sf /usr/bin/python3 /usr/local/bin/python \
 && printf '#!/bin/sh\n[ "$1" = run ] && shift\nexec gosu 991:991 python3 -m synapse.app.homeserver "$@"\n' >/start.sh \
 && chmod 0755 /start.sh
ENTRYPOINT ["/start.sh"]
EOF
    DOCKER_BUILDKIT=1 "$DOCKER" build -q -t "$SYN_IMAGE" "$WORK/syn-image" >/dev/null
    echo "try-image: made the Synapse stand-in in $(( $(date +%s) - t )) s"
  fi
  # PostgreSQL and Prometheus from Debian's packages on the Debian stand-in root, with what the stack uses
  # from postgres:16-bookworm (POSTGRES_USER/_DB/_PASSWORD_FILE, /docker-entrypoint-initdb.d, pg_isready,
  # psql) and prom/prometheus (entrypoint prometheus, user nobody, /prometheus). Debian 12 packages
  # PostgreSQL 15 and Prometheus 2.42.
  PG_IMAGE=agentchat-standin/postgres:compose PROM_IMAGE=agentchat-standin/prometheus:compose
  if ! "$DOCKER" image inspect "$PG_IMAGE" >/dev/null 2>&1; then
    t=$(date +%s)
    mkdir -p "$WORK/pg-image"
    cat >"$WORK/pg-image/entrypoint.sh" <<'EOF'
#!/bin/bash
# A stand-in for the official image's docker-entrypoint.sh: the first start initialises the cluster with
# POSTGRES_USER as superuser (password from POSTGRES_PASSWORD_FILE), creates POSTGRES_DB and runs
# /docker-entrypoint-initdb.d/*.sh (sourced unless executable) and *.sql; every start then runs postgres.
set -euo pipefail
: "${PGDATA:=/var/lib/postgresql/data}" "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
export PGDATA POSTGRES_USER POSTGRES_DB
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 0700 "$PGDATA"
  exec gosu postgres bash "$0" "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  password=${POSTGRES_PASSWORD:-}
  [ -z "${POSTGRES_PASSWORD_FILE:-}" ] || password=$(cat "$POSTGRES_PASSWORD_FILE")
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$password") --auth-local=trust \
    --auth-host=scram-sha-256 -D "$PGDATA" >/dev/null
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -qc "CREATE DATABASE \"$POSTGRES_DB\""
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
      *.sql) psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f "$f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "postgres stand-in: database initialised"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
EOF
    chmod 0755 "$WORK/pg-image/entrypoint.sh"
    cat >"$WORK/pg-image/Dockerfile" <<'EOF'
FROM agentchat-standin/debian:local
RUN printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d \
 && apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql gosu >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && install -d -o postgres -g postgres -m 0700 /var/lib/postgresql/data
COPY entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
STOPSIGNAL SIGINT
ENTRYPOINT ["/bin/bash", "/usr/local/bin/docker-entrypoint.sh"]
EOF
    DOCKER_BUILDKIT=1 "$DOCKER" build -q -t "$PG_IMAGE" "$WORK/pg-image" >/dev/null
    echo "try-image: made the PostgreSQL stand-in in $(( $(date +%s) - t )) s"
  fi
  if ! "$DOCKER" image inspect "$PROM_IMAGE" >/dev/null 2>&1; then
    t=$(date +%s)
    mkdir -p "$WORK/prom-image"
    cat >"$WORK/prom-image/Dockerfile" <<'EOF'
FROM agentchat-standin/debian:local
RUN printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d \
 && apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && install -d -o nobody -g nogroup /prometheus
USER nobody
WORKDIR /prometheus
ENTRYPOINT ["/usr/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
EOF
    DOCKER_BUILDKIT=1 "$DOCKER" build -q -t "$PROM_IMAGE" "$WORK/prom-image" >/dev/null
    echo "try-image: made the Prometheus stand-in in $(( $(date +%s) - t )) s"
  fi

  # Compose v2 (a plugin of the docker client) when there is one, else Debian 12's docker-compose 1.29: the
  # file works with both (no top-level name:; the project name comes from deploy/.env).
  if "$DOCKER" compose version >/dev/null 2>&1; then COMPOSE=("$DOCKER" compose)
  else
    command -v docker-compose >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
    COMPOSE=(docker-compose)
  fi
  echo "try-image: $("${COMPOSE[@]}" version 2>/dev/null | head -1)"
  # A copy of deploy/ with fresh secrets, all seven the file names. The copy publishes Synapse and Prometheus
  # on free loopback ports instead of 8008 and 9090, which something else on a shared machine may hold.
  cp -r deploy "$WORK/stack"
  cd "$WORK/stack"
  install -d -m 0700 secrets
  (umask 022
   head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >secrets/registration_shared_secret
   head -c 18 /dev/urandom | base64 >secrets/observer_password
   for s in postgres_password grafana_db_password grafana_admin_password metrics_token; do
     head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"secrets/$s"
   done
   printf 'sk-ant-try-%s' "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" >secrets/anthropic_api_key)
  syn_port=$(free_port) prom_port=$(free_port)
  sed -i -e "s|\"127.0.0.1:8008:8008\"|\"127.0.0.1:$syn_port:8008\"|" \
    -e "s|\"127.0.0.1:9090:9090\"|\"127.0.0.1:$prom_port:9090\"|" docker-compose.yml
  # The project name an operator gets without -p (this run uses its own, so it never meets theirs).
  project=$(sed -n 's/^COMPOSE_PROJECT_NAME=//p' .env 2>/dev/null) || true
  if [ "$project" = agentchat ] && ! grep -q '^name:' docker-compose.yml; then
    ok "compose: no top-level name: (Compose 1.29 refuses it); deploy/.env names the project agentchat"
  else bad "compose: project name from deploy/.env is '$project'"; fi
  export SYNAPSE_IMAGE=$SYN_IMAGE AGENTCHAT_IMAGE=$IMAGE POSTGRES_IMAGE=$PG_IMAGE PROMETHEUS_IMAGE=$PROM_IMAGE
  compose() { "${COMPOSE[@]}" -p "$TRY" "$@"; }
  # The bridge's three services (profile bridge) come after the rest, below.
  mapfile -t services < <(compose config --services | grep -v -x -e element -e grafana -e bridge -e register-claude-bridge -e invite-claude-bridge)
  if compose up -d "${services[@]}" >"$WORK/up.log" 2>&1; then
    ok "compose up of ${#services[@]} services (all but element, grafana and the bridge): one-shot setup done, agents started"
  else bad "compose up"; tail -25 "$WORK/up.log"; fi
  sleep 5
  out=$(compose exec -T claude-main cchat send "Hello @claude-review, please review the parser" --kind task --to claude-review 2>&1) || true
  if [[ $out == *"(via gateway)"* ]]; then ok "compose: the guide's send: $out"; else bad "compose send: $out"; fi
  out=$(compose exec -T claude-review cchat read 2>&1) || true
  if [[ $out == *"please review the parser"* ]]; then ok "compose: claude-review reads it"; else bad "compose read: $out"; fi
  sql() { compose exec -T postgres psql -v ON_ERROR_STOP=1 -qAt "$@" 2>&1; }
  out=$(sql -U agentchat -d synapse -c "SELECT count(*) FROM users WHERE name LIKE '@claude-%'") || true
  if [ "$out" = 2 ]; then ok "compose: Synapse runs on PostgreSQL (database synapse holds both agents' accounts)"
  else bad "compose: Synapse's PostgreSQL database: $out"; fi
  n=''
  for _ in $(seq 1 30); do
    n=$(sql -U agentchat -d agentchat -c "SELECT count(*) FROM messages WHERE text LIKE '%please review the parser%'") || true
    [ "$n" = 1 ] && break
    sleep 1
  done
  if [ "$n" = 1 ]; then ok "compose: the archive wrote the message once into PostgreSQL (database agentchat)"
  else bad "compose: archive: the message is in messages '$n' times"; compose logs --tail 10 archive || true; fi
  out=$(sql -U grafana -d agentchat -c "SELECT count(*) FROM messages") || true
  if [[ $out =~ ^[0-9]+$ ]]; then ok "compose: the grafana role reads the archive (deploy/postgres/init.sh)"
  else bad "compose: the grafana role: $out"; fi
  want="archive:8871 claude-main:8870 claude-review:8870" up=''
  for _ in $(seq 1 45); do
    up=$(curl -fsS -m 5 "http://127.0.0.1:$prom_port/api/v1/targets" 2>/dev/null | python3 -c '
import json, sys
t = json.load(sys.stdin)["data"]["activeTargets"]
print(" ".join(sorted(x["labels"]["instance"] for x in t if x["health"] == "up")))' 2>/dev/null) || true
    [ "$up" = "$want" ] && break
    sleep 2
  done
  if [ "$up" = "$want" ]; then ok "compose: Prometheus scrapes all three with the metrics token: $up"
  else bad "compose: Prometheus targets up: '$up'"; fi
  hstate=''
  for _ in $(seq 1 40); do
    hstate=$("$DOCKER" inspect -f '{{.State.Health.Status}}' "$(compose ps -q claude-review)" 2>/dev/null) || true
    [ "$hstate" = healthy ] && break
    sleep 3
  done
  if [ "$hstate" = healthy ]; then ok "compose: claude-review healthy by the file's health check (cchat status --daemon)"
  else bad "compose: claude-review's health is '$hstate'"; fi
  compose up -d --no-deps --force-recreate claude-main >/dev/null 2>&1 || true
  sleep 8
  out=$(compose exec -T claude-review cchat who 2>&1) || true
  if [[ $out == *"@claude-main:localhost on claude-main,"* ]] && [[ $out == *"on claude-review,"* ]]; then
    ok "compose: cchat who shows the stable hostnames, also after recreating claude-main"
  else bad "compose who: $out"; fi
  compose stop claude-main >/dev/null 2>&1 || true
  code=$("$DOCKER" inspect -f '{{.State.ExitCode}}' "$(compose ps -q claude-main)" 2>/dev/null) || true
  out=$(compose exec -T claude-review cchat who 2>&1) || true
  if [ "$code" = 0 ] && [[ $out == *"offline claude-main"* ]]; then ok "compose: claude-main stopped with exit code 0 and shows offline"
  else bad "compose stop: exit code $code, who: $out"; fi
  try_bridge
  compose down -v >/dev/null 2>&1 || true
  cd "$OLDPWD"
  echo "try-image: the compose part took $(( $(date +%s) - compose_start )) s"
fi

echo "try-image: $failed failed"
[ $failed = 0 ]
