#!/usr/bin/env bash
# Builds deploy/Dockerfile with a real Docker engine and runs the image against a real Synapse, on a
# machine that cannot pull base images (docs/trying-deploy.md says why and what it checks):
#
#   sudo bash deploy/try-image.sh
#
# - Stand-ins tagged with the FROM names: a Debian root (debootstrap from apt's own mirror, `docker
#   import`) with the base images' user app (uid 1654) and ASPNETCORE_HTTP_PORTS=8080, and the host's
#   .NET SDK and trusted CAs on top for the SDK image. They are built once and kept.
# - The `# syntax=` line is dropped for the build (its frontend image cannot be pulled), so the engine's
#   built-in Dockerfile frontend builds it: the oldest one operators are likely to run.
# - Checks: modes and owners of the data and runtime directories in the image and in a fresh volume,
#   ASPNETCORE_HTTP_PORTS empty, no Kestrel "Overriding address(es)" warning, register and setup from a volume,
#   the daemon healthy (the image's HEALTHCHECK), a send through the daemon, a clean `docker stop`;
#   then deploy/docker-compose.yml without Element (a Synapse stand-in from scripts/synapse.sh's
#   chroot): the one-shot setup, the guide's send/read, stable hostnames in `cchat who` across a
#   recreate, a clean stop shown offline.
# Not part of scripts/validate-deploy.sh: a cold run publishes the AOT binary inside the build (minutes).
# Exit 1 when a check failed. Needs root, docker.io (installed when missing), scripts/synapse.sh's chroot.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
DOCKER=${AGENTCHAT_DOCKER:-/usr/bin/docker}
SDK=mcr.microsoft.com/dotnet/sdk:10.0
RUNTIME=mcr.microsoft.com/dotnet/runtime-deps:10.0
IMAGE=agentchat/cchat:try
STANDIN_ROOT=${AGENTCHAT_STANDIN_ROOT:-/var/cache/agentchat/docker-standin-root}

failed=0
ok()  { printf '  ok    %s\n' "$*"; }
bad() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$*"; }
[ "$(id -u)" = 0 ] || { echo "try-image: needs root" >&2; exit 1; }

WORK=$(mktemp -d)
TRY=agentchat-try-$$
cleanup() {
  [ -d "$WORK/stack" ] && (cd "$WORK/stack" && docker-compose -p "$TRY" down -v >/dev/null 2>&1)
  "$DOCKER" rm -f "$TRY" >/dev/null 2>&1
  "$DOCKER" volume rm -f "$TRY" >/dev/null 2>&1
  [ -f "$WORK/syn/env" ] && bash scripts/synapse.sh destroy "$WORK/syn" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---- engine
if [ ! -x "$DOCKER" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi
if ! "$DOCKER" info >/dev/null 2>&1; then
  echo "try-image: starting dockerd (log: /var/log/agentchat-dockerd.log)"
  setsid dockerd >/var/log/agentchat-dockerd.log 2>&1 </dev/null &
  for _ in $(seq 1 100); do "$DOCKER" info >/dev/null 2>&1 && break; sleep 0.3; done
fi
echo "try-image: engine $("$DOCKER" version -f '{{.Server.Version}}')"

# ---- stand-in base images
if ! "$DOCKER" image inspect "$RUNTIME" >/dev/null 2>&1; then
  if [ ! -x "$STANDIN_ROOT/bin/sh" ]; then
    mirror=$(grep -h -o -E '^URIs: *[a-z]+://[^ ]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | head -1)
    [ -n "$mirror" ] || mirror=$(grep -h -o -E '^deb +[a-z]+://[^ ]+' /etc/apt/sources.list | awk '{print $2}' | grep -v -- '-security' | head -1)
    # shellcheck source=/dev/null
    suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
    command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    debootstrap --variant=minbase --include=libssl3,ca-certificates,tzdata "$suite" "$STANDIN_ROOT.partial" "$mirror" >"$WORK/debootstrap.log" 2>&1 \
      || { tail -5 "$WORK/debootstrap.log"; exit 1; }
    mv "$STANDIN_ROOT.partial" "$STANDIN_ROOT"
  fi
  tar -C "$STANDIN_ROOT" -c . | "$DOCKER" import - agentchat-standin/debian:local >/dev/null
  mkdir -p "$WORK/rt"
  cat >"$WORK/rt/Dockerfile" <<'EOF'
FROM agentchat-standin/debian:local
RUN groupadd -g 1654 app && useradd -u 1654 -g app -d /home/app -m -s /usr/sbin/nologin app
ENV APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true
EOF
  DOCKER_BUILDKIT=1 "$DOCKER" build -q -t "$RUNTIME" "$WORK/rt" >/dev/null || exit 1
fi
if ! "$DOCKER" image inspect "$SDK" >/dev/null 2>&1; then
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  # The host's own trusted CAs go in too: where an egress proxy re-signs TLS, NuGet needs them.
  mkdir -p "$WORK/sdk/ca"
  cp /usr/local/share/ca-certificates/*.crt "$WORK/sdk/ca/" 2>/dev/null || true
  cat >"$WORK/sdk/Dockerfile" <<EOF
FROM $RUNTIME
COPY dotnet /usr/share/dotnet
COPY ca/ /usr/local/share/ca-certificates/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet && update-ca-certificates
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
EOF
  cp -a "$dotnet_root" "$WORK/sdk/dotnet"
  DOCKER_BUILDKIT=1 "$DOCKER" build -q -t "$SDK" "$WORK/sdk" >/dev/null || exit 1
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
AGENTCHAT_SYNAPSE_OWNER_PID=$$ bash scripts/synapse.sh start "$WORK/syn" >/dev/null || exit 1
hs=$(sed -n 's/^homeserver=//p' "$WORK/syn/env"); secret=$(sed -n 's/^secret=//p' "$WORK/syn/env")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
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
  state=$("$DOCKER" inspect -f '{{.State.Health.Status}}' "$TRY" 2>/dev/null)
  [ "$state" = healthy ] && break; sleep 0.5
done
if [ "$state" = healthy ]; then ok "container healthy ($how)"; else bad "container is $state"; "$DOCKER" logs "$TRY" 2>&1 | tail -10; fi
out=$("$DOCKER" exec "$TRY" sh -c 'stat -c "%a %u %n" /var/lib/agentchat /var/lib/agentchat/config /var/lib/agentchat/state /run/agentchat')
if [ "$(echo "$out" | awk '{print $1, $2}' | sort -u)" = "700 1654" ]; then ok "in a fresh volume too: $(echo "$out" | awk '{print $3}' | tr '\n' ' ')"
else bad "modes in the running container:"; echo "$out"; fi
out=$("$DOCKER" exec "$TRY" cchat send "hello from $TRY" 2>&1)
if [[ $out == *"(via gateway)"* ]]; then ok "send through the daemon: $out"; else bad "send: $out"; fi
if "$DOCKER" logs "$TRY" 2>&1 | grep -q 'Overriding address'; then bad "Kestrel warns: $("$DOCKER" logs "$TRY" 2>&1 | grep 'Overriding address' | head -1)"
else ok "no Kestrel 'Overriding address(es)' warning in the log"; fi
start=$(date +%s%N)
"$DOCKER" stop "$TRY" >/dev/null
ms=$(( ($(date +%s%N) - start) / 1000000 ))
code=$("$DOCKER" inspect -f '{{.State.ExitCode}}' "$TRY")
if [ "$code" = 0 ] && [ $ms -lt 10000 ]; then ok "docker stop in $ms ms, exit code 0"; else bad "docker stop took $ms ms, exit code $code"; fi
if "$DOCKER" logs "$TRY" 2>&1 | grep -q -E 'syt_|access_token'; then bad "a token appears in the container log"; else ok "no access token in the container log"; fi

# ---- the compose stack without Element (AGENTCHAT_TRY_COMPOSE=0 skips it)
if [ "${AGENTCHAT_TRY_COMPOSE:-1}" = 1 ]; then
  # A Synapse stand-in: Debian's matrix-synapse from scripts/synapse.sh's chroot, plus what the stack
  # uses from the real image: gosu, curl, python, register_new_matrix_user, an entrypoint taking "run ARGS".
  SYN_IMAGE=agentchat-standin/synapse:compose
  if ! "$DOCKER" image inspect "$SYN_IMAGE" >/dev/null 2>&1; then
    bash scripts/synapse.sh install || exit 1
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
    DOCKER_BUILDKIT=1 "$DOCKER" build -q -t "$SYN_IMAGE" "$WORK/syn-image" >/dev/null || { bad "Synapse stand-in image"; exit 1; }
  fi
  command -v docker-compose >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
  # A copy of deploy/ with fresh secrets; Debian 12's docker-compose 1.29 predates the top-level name:.
  cp -r deploy "$WORK/stack" && cd "$WORK/stack" || exit 1
  install -d -m 0700 secrets
  (umask 022; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >secrets/registration_shared_secret
   head -c 18 /dev/urandom | base64 >secrets/observer_password)
  sed -i '/^name: /d' docker-compose.yml
  export SYNAPSE_IMAGE=$SYN_IMAGE AGENTCHAT_IMAGE=$IMAGE
  compose() { docker-compose -p "$TRY" "$@"; }
  if compose up -d synapse-init synapse observer register-claude-main register-claude-review room claude-main claude-review >"$WORK/up.log" 2>&1; then
    ok "compose up (all but Element): one-shot setup services done, agents started"
  else bad "compose up"; tail -15 "$WORK/up.log"; fi
  sleep 5
  out=$(compose exec -T claude-main cchat send "Hello @claude-review, please review the parser" --kind task --to claude-review 2>&1)
  if [[ $out == *"(via gateway)"* ]]; then ok "compose: the guide's send: $out"; else bad "compose send: $out"; fi
  out=$(compose exec -T claude-review cchat read 2>&1)
  if [[ $out == *"please review the parser"* ]]; then ok "compose: claude-review reads it"; else bad "compose read: $out"; fi
  compose up -d --no-deps --force-recreate claude-main >/dev/null 2>&1
  sleep 8
  out=$(compose exec -T claude-review cchat who 2>&1)
  if [[ $out == *"@claude-main:localhost on claude-main,"* ]] && [[ $out == *"on claude-review,"* ]]; then
    ok "compose: cchat who shows the stable hostnames, also after recreating claude-main"
  else bad "compose who: $out"; fi
  compose stop claude-main >/dev/null 2>&1
  code=$("$DOCKER" inspect -f '{{.State.ExitCode}}' "$(compose ps -q claude-main)")
  out=$(compose exec -T claude-review cchat who 2>&1)
  if [ "$code" = 0 ] && [[ $out == *"offline claude-main"* ]]; then ok "compose: claude-main stopped with exit code 0 and shows offline"
  else bad "compose stop: exit code $code, who: $out"; fi
  hstate=$("$DOCKER" inspect -f '{{.State.Health.Status}}' "$(compose ps -q claude-review)")
  echo "  note  claude-review's compose health check (cchat status --daemon): $hstate"
  compose down -v >/dev/null 2>&1
  cd "$OLDPWD" || exit 1
fi

echo "try-image: $failed failed"
[ $failed = 0 ]
