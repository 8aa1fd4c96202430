#!/usr/bin/env bash
# Validates the deployment files as far as a machine without a Docker engine can:
#
#   bash scripts/validate-deploy.sh
#
#   systemd   the template unit (system and user) with `systemd-analyze verify` on a copy whose ExecStart
#             is a stub, its sandboxing with `systemd-analyze security --offline`, the sysusers file with
#             `systemd-sysusers --root`, the example env file's syntax
#   booted    the system unit under a real systemd (systemd-nspawn, cached Debian root) with the published
#             cchat and a real Synapse, following the guide: is-active, a send through the daemon, a clean
#             stop; and the user unit with lingering (root only; see docs/trying-deploy.md)
#   compose   YAML lint, `docker-compose config` (Debian's 1.29, schema and references), files it mounts,
#             the Element config, the Synapse config loaded by Synapse itself (when scripts/synapse.sh's
#             chroot is there)
#   image     Dockerfile lint (dockerlinter from npm: hadolint is not packaged for Debian), build inputs
#             present and let through .dockerignore
#   CI        YAML lint, GitLab's CI schema and job graph for branch and tag pipelines (gitlab-ci-local),
#             the test job runs the same command as .ci/run, its embedded Synapse config loads, an SDK image
#             that exists, the Synapse chroot built (cached) before the tests; the build job run for real by
#             gitlab-ci-local's shell executor (AGENTCHAT_VALIDATE_CI_RUN=0 skips that run)
#   shell     shellcheck on the deploy scripts and this one
#
# Installs what it lacks with apt-get (root) and npm (into $AGENTCHAT_VALIDATE_TOOLS, default
# /var/cache/agentchat/validate-tools). Exit: 1 when a check failed, else 0; a check whose tool could not
# be had is reported SKIP, and fails the run only with AGENTCHAT_VALIDATE_STRICT=1 (exit 2).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
REPO=$PWD
PY=/usr/bin/python3
SYNAPSE_ROOT=${AGENTCHAT_SYNAPSE_ROOT:-/var/cache/agentchat/synapse-root}
if [ -n "${AGENTCHAT_VALIDATE_TOOLS:-}" ]; then TOOLS=$AGENTCHAT_VALIDATE_TOOLS
elif [ "$(id -u)" = 0 ]; then TOOLS=/var/cache/agentchat/validate-tools
else TOOLS=${XDG_CACHE_HOME:-$HOME/.cache}/agentchat/validate-tools
fi
GITLAB_CI_LOCAL=gitlab-ci-local@4.75.1
DOCKERLINTER=dockerlinter@2.0.0

failed=0 skipped=0 passed=0
ok()   { passed=$((passed + 1)); printf '  ok    %s\n' "$*"; }
bad()  { failed=$((failed + 1)); printf '  FAIL  %s\n' "$*"; }
skip() { skipped=$((skipped + 1)); printf '  SKIP  %s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }
indent() { sed 's/^/        /'; }

WORK=$(mktemp -d)
trap 'declare -F boot_cleanup >/dev/null && boot_cleanup; rm -rf "$WORK"; [ -n "${SYN_DIR:-}" ] && rm -rf "$SYN_DIR"' EXIT

# ---------------------------------------------------------------------------------------------- tools
section "tools"
apt_updated=0
apt_install() { # PACKAGE...: installs the missing ones; returns non-zero when it cannot
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then echo "  cannot install ${missing[*]}: not root" >&2; return 1; fi
  if [ $apt_updated = 0 ]; then apt-get update -qq >/dev/null 2>&1; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$WORK/apt.log" 2>&1 \
    || { tail -5 "$WORK/apt.log" >&2; return 1; }
  echo "  installed ${missing[*]}"
}
have_apt=1
apt_install systemd python3-yaml yamllint shellcheck docker-compose git || have_apt=0
for t in systemd-analyze systemd-sysusers yamllint shellcheck git; do
  command -v "$t" >/dev/null || { echo "  missing $t"; have_apt=0; }
done
# Debian 12 packages docker-compose 1.29 (a command); newer Debian packages Compose v2 (a docker plugin).
if command -v docker-compose >/dev/null; then COMPOSE=(docker-compose)
elif docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose)
else COMPOSE=(); echo "  missing docker-compose"; have_apt=0; fi
if [ $have_apt = 1 ]; then ok "systemd-analyze $(systemd-analyze --version | head -1 | awk '{print $2}'), yamllint, shellcheck, ${COMPOSE[*]} $("${COMPOSE[@]}" version --short 2>/dev/null)"; fi
if apt-cache policy hadolint 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  apt_install hadolint && HADOLINT=1
else
  echo "  hadolint: no Debian package; the Dockerfile is linted with $DOCKERLINTER (hadolint-like rules)"
fi

# Node tools: gitlab-ci-local and dockerlinter need Node >= 20.11 (gitlab-ci-local uses Node 22's Set
# methods, supplied below by a small polyfill). Installed without their install scripts, which would
# download binaries; dockerlinter then uses Debian's shellcheck.
have_node=0
command -v node >/dev/null || apt_install nodejs npm >/dev/null 2>&1 || true
if command -v node >/dev/null && command -v npm >/dev/null; then
  node_version=$(node -p 'process.versions.node')
  if node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=11)?0:1)'; then
    mkdir -p "$TOOLS"
    if [ ! -f "$TOOLS/.installed-$GITLAB_CI_LOCAL-$DOCKERLINTER" ]; then
      if npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$TOOLS" "$GITLAB_CI_LOCAL" "$DOCKERLINTER" >"$WORK/npm.log" 2>&1; then
        touch "$TOOLS/.installed-$GITLAB_CI_LOCAL-$DOCKERLINTER"
      else
        tail -5 "$WORK/npm.log"
      fi
    fi
    [ -f "$TOOLS/.installed-$GITLAB_CI_LOCAL-$DOCKERLINTER" ] && have_node=1
    cat >"$TOOLS/set-methods.mjs" <<'JS'
const P = Set.prototype;
const def = (n, f) => { if (!P[n]) Object.defineProperty(P, n, { value: f, writable: true, configurable: true }); };
def('union', function (o) { const r = new Set(this); for (const x of o.keys()) r.add(x); return r; });
def('intersection', function (o) { const r = new Set(); for (const x of this) if (o.has(x)) r.add(x); return r; });
def('difference', function (o) { const r = new Set(); for (const x of this) if (!o.has(x)) r.add(x); return r; });
def('symmetricDifference', function (o) { const r = new Set(this); for (const x of o.keys()) { if (this.has(x)) r.delete(x); else r.add(x); } return r; });
def('isSubsetOf', function (o) { for (const x of this) if (!o.has(x)) return false; return true; });
def('isSupersetOf', function (o) { for (const x of o.keys()) if (!this.has(x)) return false; return true; });
def('isDisjointFrom', function (o) { for (const x of this) if (o.has(x)) return false; return true; });
JS
    [ $have_node = 1 ] && ok "node $node_version, $GITLAB_CI_LOCAL, $DOCKERLINTER (in $TOOLS)"
  else
    echo "  node $node_version is older than 20.11"
  fi
fi
[ $have_node = 1 ] || echo "  gitlab-ci-local and dockerlinter unavailable: their checks are skipped"

# A throwaway Synapse config dir inside scripts/synapse.sh's chroot, so Synapse itself can load configs.
have_synapse=0
if [ "$(id -u)" = 0 ] && [ -x "$SYNAPSE_ROOT/usr/bin/python3" ] && chroot "$SYNAPSE_ROOT" python3 -c 'import synapse' 2>/dev/null; then
  have_synapse=1
  echo "  Synapse $(chroot "$SYNAPSE_ROOT" python3 -c 'import synapse; print(synapse.__version__)') from $SYNAPSE_ROOT loads the configs"
else
  echo "  no Synapse chroot at $SYNAPSE_ROOT (\`sudo bash scripts/synapse.sh install\` makes one): Synapse config loading is skipped"
fi

synapse_load() { # LABEL FILE: rewrites the container paths into a temp dir in the chroot and loads FILE
  local label=$1 file=$2 inner out
  SYN_DIR=$(mktemp -d "$SYNAPSE_ROOT/tmp/agentchat-validate.XXXXXX")
  inner=${SYN_DIR#"$SYNAPSE_ROOT"}
  mkdir -p "$SYN_DIR/data" "$SYN_DIR/config" "$SYN_DIR/secrets"
  head -c 24 /dev/urandom | base64 >"$SYN_DIR/secrets/registration_shared_secret"
  cp "$REPO/deploy/synapse/log.config" "$SYN_DIR/config/log.config"
  sed -e "s#/data/#$inner/data/#g; s#/config/#$inner/config/#g; s#/run/secrets/#$inner/secrets/#g" "$file" >"$SYN_DIR/config/homeserver.yaml"
  # the compose stack's database section, as compose/synapse-init.sh writes it, loaded after homeserver.yaml
  local extra=()
  if [ "$file" = deploy/synapse/homeserver.yaml ]; then
    # shellcheck disable=SC2016 # the literal $password of the heredoc is replaced
    awk '/<<YAML$/{f=1;next} /^YAML$/{f=0} f' "$REPO/deploy/compose/synapse-init.sh" | sed 's/\$password/validate-only/' >"$SYN_DIR/data/database.yaml"
    extra=(--config-path "$inner/data/database.yaml")
  fi
  chmod -R a+rX "$SYN_DIR"
  if out=$(chroot "$SYNAPSE_ROOT" python3 -m synapse.app.homeserver --config-path "$inner/config/homeserver.yaml" "${extra[@]}" --generate-keys 2>&1) \
     && out=$(chroot "$SYNAPSE_ROOT" python3 -m synapse.config -c "$inner/config/homeserver.yaml" "${extra[@]}" 2>&1) \
     && { [ ${#extra[@]} -eq 0 ] || out=$(chroot "$SYNAPSE_ROOT" python3 -c '
import sys
from synapse.config.homeserver import HomeServerConfig
db = HomeServerConfig.load_config("", sys.argv[1:]).database.databases[0].config
assert db["name"] == "psycopg2" and db["args"]["dbname"] == "synapse", db["name"]
print("Config parses OK! database: psycopg2 (PostgreSQL), dbname synapse")' -c "$inner/config/homeserver.yaml" "${extra[@]}" 2>&1); }; then
    ok "$label: Synapse loads it ($(echo "$out" | head -1))"
  else
    bad "$label: Synapse rejects it"; echo "$out" | tail -15 | indent
  fi
  rm -rf "$SYN_DIR"; SYN_DIR=
}

# -------------------------------------------------------------------------------------------- systemd
section "systemd: deploy/systemd/"
if command -v systemd-analyze >/dev/null; then
  stub="$WORK/bin/cchat"; mkdir -p "$WORK/bin" "$WORK/system" "$WORK/user" "$WORK/run"
  printf '#!/bin/sh\nexit 0\n' >"$stub"; chmod 0755 "$stub"
  sed "s#^ExecStart=/usr/local/bin/cchat #ExecStart=$stub #" deploy/systemd/agentchat@.service >"$WORK/system/agentchat@.service"
  sed "s#^ExecStart=/usr/local/bin/cchat #ExecStart=$stub #" deploy/systemd/user/agentchat@.service >"$WORK/user/agentchat@.service"
  grep -q "^ExecStart=$stub daemon\$" "$WORK/system/agentchat@.service" || bad "agentchat@.service: ExecStart is not '/usr/local/bin/cchat daemon'"

  out=$(systemd-analyze --man=no verify "$WORK/system/agentchat@claude-main.service" 2>&1); rc=$?
  if [ $rc = 0 ] && [ -z "$out" ]; then ok "agentchat@.service: systemd-analyze verify agentchat@claude-main.service (no warnings)"
  else bad "agentchat@.service: systemd-analyze verify (rc=$rc)"; echo "$out" | indent; fi

  out=$(XDG_RUNTIME_DIR="$WORK/run" systemd-analyze --user --man=no verify "$WORK/user/agentchat@claude-main.service" 2>&1); rc=$?
  if [ $rc = 0 ] && [ -z "$out" ]; then ok "user/agentchat@.service: systemd-analyze --user verify (no warnings)"
  else bad "user/agentchat@.service: systemd-analyze --user verify (rc=$rc)"; echo "$out" | indent; fi

  out=$(systemd-analyze security --offline=yes --threshold=25 --no-pager "$WORK/system/agentchat@claude-main.service" 2>&1); rc=$?
  level=$(echo "$out" | grep -o 'exposure level for [^:]*: [0-9.]* [A-Z]*' | awk '{print $(NF-1), $NF}')
  if [ $rc = 0 ]; then ok "agentchat@.service: systemd-analyze security --offline: exposure ${level:-?} (must stay <= 2.5)"
  else bad "agentchat@.service: sandboxing exposure above 2.5: $level"; echo "$out" | grep '✗' | indent; fi

  for want in 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes' 'Restart=on-failure' \
              'KillSignal=SIGTERM' 'TimeoutStopSec=15' 'StateDirectory=agentchat/%i' 'RuntimeDirectory=agentchat' \
              'RuntimeDirectoryPreserve=yes' 'Environment=AGENTCHAT_STATE_DIR=%S/agentchat/%i' 'Environment=XDG_RUNTIME_DIR=%t' \
              'EnvironmentFile=/etc/agentchat/%i.env' 'Type=exec'; do
    grep -qxF "$want" deploy/systemd/agentchat@.service || missing_keys="${missing_keys:-} $want"
  done
  if [ -z "${missing_keys:-}" ]; then ok "agentchat@.service: sandboxing, restart, stop and directory settings present"
  else bad "agentchat@.service lacks:$missing_keys"; fi

  mkdir -p "$WORK/sysroot/etc"
  if out=$(systemd-sysusers --root="$WORK/sysroot" "$REPO/deploy/systemd/agentchat.sysusers.conf" 2>&1) \
     && grep -q '^agentchat:' "$WORK/sysroot/etc/passwd"; then
    ok "agentchat.sysusers.conf: systemd-sysusers creates $(grep '^agentchat:' "$WORK/sysroot/etc/passwd" | cut -d: -f1,6,7)"
  else bad "agentchat.sysusers.conf: systemd-sysusers failed"; echo "$out" | indent; fi
else
  skip "systemd-analyze not available"
fi

# KEY=VALUE lines of an EnvironmentFile, commented examples included; every key must be one AgentChat reads.
if out=$($PY - deploy/systemd/agentchat.env.example 2>&1 <<'PY'
import re, sys
known = {"AGENTCHAT_HOMESERVER", "AGENTCHAT_USER_ID", "AGENTCHAT_ACCESS_TOKEN", "AGENTCHAT_INSTANCE", "AGENTCHAT_ROOM",
         "AGENTCHAT_STATE_DIR", "AGENTCHAT_GATEWAY", "AGENTCHAT_REGISTRATION_SECRET", "AGENTCHAT_PORT", "AGENTCHAT_BIND"}
errors = []
for n, line in enumerate(open(sys.argv[1]), 1):
    s = line.strip()
    if not s:
        continue
    m = re.match(r"#?([A-Z_][A-Z0-9_]*)=(.*)$", s)
    if s.startswith("#") and not m:
        continue
    if not m:
        errors.append(f"line {n}: not KEY=VALUE: {s}")
    elif m.group(1) not in known:
        errors.append(f"line {n}: unknown variable {m.group(1)}")
print("\n".join(errors))
sys.exit(1 if errors else 0)
PY
); then ok "agentchat.env.example: KEY=VALUE lines, only AgentChat's variables"
else bad "agentchat.env.example"; echo "$out" | indent; fi

# ------------------------------------------------------------------------------------ systemd, booted
# The system unit under a real systemd: a Debian root (debootstrap, cached outside the checkout) booted
# with systemd-nspawn, the published cchat, a real Synapse (scripts/synapse.sh). It follows the guide's
# sections 3-6 (install -D of the sysusers file, sysusers, unit, register as the service user, env file,
# enable --now), then checks is-active, health, a send through the daemon's gateway as the session alias
# does it, and a clean stop (fast, not failed, registry entry offline, discovery file gone); and the user
# unit of section 6 with lingering. Runs as root; the container shares the host's network (loopback).
#   AGENTCHAT_VALIDATE_BOOT=0       skip it
#   AGENTCHAT_NSPAWN_ROOT           the cached root (default /var/cache/agentchat/nspawn-root)
#   AGENTCHAT_CCHAT_BINARY          the binary to try (default artifacts/cchat/cchat, published when missing)
NSPAWN_ROOT=${AGENTCHAT_NSPAWN_ROOT:-/var/cache/agentchat/nspawn-root}
NSPAWN_STAMP=agentchat-nspawn-root-v2
BOOT_PID='' BOOT_SYN=''

boot_cleanup() {
  if [ -n "$BOOT_PID" ] && kill -0 "$BOOT_PID" 2>/dev/null; then
    kill -TERM "$BOOT_PID" 2>/dev/null # nspawn shuts its systemd down cleanly on SIGTERM
    for _ in $(seq 1 100); do kill -0 "$BOOT_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$BOOT_PID" 2>/dev/null || true
  fi
  BOOT_PID=''
  [ -n "$BOOT_SYN" ] && bash "$REPO/scripts/synapse.sh" destroy "$BOOT_SYN" >/dev/null 2>&1
  BOOT_SYN=''
}

debian_source() { # prints "MIRROR SUITE" from apt's own sources (never a hard-coded host)
  local uri suite
  uri=$(grep -h -o -E '^URIs: *[a-z]+://[^ ]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | head -1)
  [ -n "$uri" ] || uri=$(grep -h -o -E '^deb +(\[[^]]*\] +)?[a-z]+://[^ ]+' /etc/apt/sources.list 2>/dev/null | awk '{print $NF}' | grep -v -- '-security' | head -1)
  # shellcheck source=/dev/null
  suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [ -n "$uri" ] && [ -n "$suite" ] && echo "$uri $suite"
}

nspawn_root() { # builds the cached root once: Debian minbase with systemd, dbus (system and user), sudo, TLS libraries
  [ -f "$NSPAWN_ROOT/$NSPAWN_STAMP" ] && return 0
  local src tmp=$NSPAWN_ROOT.partial
  src=$(debian_source) || { echo "no Debian mirror or codename in apt's sources and /etc/os-release"; return 1; }
  echo "  building $NSPAWN_ROOT (debootstrap ${src#* } from apt's mirror; first run only)"
  rm -rf "$tmp"; mkdir -p "$(dirname "$NSPAWN_ROOT")"
  # shellcheck disable=SC2086 # "MIRROR SUITE" splits on purpose
  set -- $src
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,dbus-user-session,sudo,libssl3,ca-certificates \
    "$2" "$tmp" "$1" >"$WORK/debootstrap.log" 2>&1 || { tail -5 "$WORK/debootstrap.log"; return 1; }
  touch "$tmp/$NSPAWN_STAMP"
  rm -rf "$NSPAWN_ROOT"; mv "$tmp" "$NSPAWN_ROOT"
}

in_boot() { nsenter --target "$BOOT_LEADER" --all "$@"; }

boot_system_unit() {
  local bin=${AGENTCHAT_CCHAT_BINARY:-$REPO/artifacts/cchat/cchat} t0 out hs secret port uport adm room
  if [ "${AGENTCHAT_VALIDATE_BOOT:-1}" = 0 ]; then skip "booted unit: AGENTCHAT_VALIDATE_BOOT=0"; return; fi
  if [ "$(id -u)" != 0 ] || ! unshare --mount true 2>/dev/null; then
    skip "booted unit: needs root with mount rights (systemd-nspawn)"; return
  fi
  apt_install systemd-container debootstrap curl python3 >/dev/null || { skip "booted unit: cannot install systemd-container, debootstrap"; return; }
  if [ ! -x "$bin" ]; then
    if command -v dotnet >/dev/null; then
      echo "  publishing cchat (bash scripts/publish.sh artifacts/cchat)"
      bash scripts/publish.sh artifacts/cchat >"$WORK/publish.log" 2>&1 || { bad "booted unit: publish failed"; tail -20 "$WORK/publish.log" | indent; return; }
    else skip "booted unit: no cchat binary at $bin and no .NET SDK to publish one"; return; fi
  fi
  BOOT_T0=$(date +%s); t0=$BOOT_T0
  if ! out=$(nspawn_root 2>&1); then bad "booted unit: could not build $NSPAWN_ROOT"; echo "$out" | indent; return; fi
  [ -n "$out" ] && echo "$out"
  if ! out=$(bash scripts/synapse.sh install 2>&1); then bad "booted unit: no Synapse (scripts/synapse.sh install)"; echo "$out" | tail -5 | indent; return; fi

  # A real Synapse with its default rate limits, so lifting them is checked too.
  BOOT_SYN=$WORK/boot-synapse
  if ! AGENTCHAT_SYNAPSE_OWNER_PID=$$ bash scripts/synapse.sh start "$BOOT_SYN" default >/dev/null 2>"$WORK/synapse.err"; then
    bad "booted unit: Synapse did not start"; tail -10 "$WORK/synapse.err" | indent; boot_cleanup; return
  fi
  hs=$(sed -n 's/^homeserver=//p' "$BOOT_SYN/env"); secret=$(sed -n 's/^secret=//p' "$BOOT_SYN/env")
  port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  uport=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

  # Boot. --volatile=overlay keeps the cached root untouched (changes live in a tmpfs).
  systemd-nspawn -q -D "$NSPAWN_ROOT" --volatile=overlay --machine="agentchat-validate-$$" -b --keep-unit --register=no \
    --console=passive --bind-ro="$REPO:/src" --bind-ro="$bin:/opt/cchat/cchat" >"$WORK/nspawn.log" 2>&1 </dev/null &
  BOOT_PID=$!
  BOOT_LEADER=''
  for _ in $(seq 1 300); do
    BOOT_LEADER=$(pgrep -P "$BOOT_PID" -x systemd | head -1)
    if [ -n "$BOOT_LEADER" ]; then
      out=$(in_boot systemctl is-system-running 2>/dev/null) && break
      case "$out" in running|degraded) break ;; esac
    fi
    kill -0 "$BOOT_PID" 2>/dev/null || break
    sleep 0.2
  done
  case "${out:-}" in
    running|degraded) ok "booted unit: $(in_boot systemctl --version | head -1) up under systemd-nspawn in $(( $(date +%s) - t0 )) s ($out)" ;;
    *) bad "booted unit: the container did not boot (${out:-no systemd})"; tail -20 "$WORK/nspawn.log" | indent; boot_cleanup; return ;;
  esac

  # Guide sections 3 and 4, as root in the container (after naming the host in /etc/hosts, for sudo).
  # shellcheck disable=SC2016 # expanded inside the container
  if ! out=$(in_boot env AGENTCHAT_HOMESERVER="$hs" AGENTCHAT_REGISTRATION_SECRET="$secret" bash -euxc '
      echo "127.0.1.1 $(hostname)" >>/etc/hosts
      cd /src
      install -m 0755 /opt/cchat/cchat /usr/local/bin/cchat
      install -D -m 0644 deploy/systemd/agentchat.sysusers.conf /etc/sysusers.d/agentchat.conf
      systemd-sysusers agentchat.conf
      install -m 0644 "deploy/systemd/agentchat@.service" /etc/systemd/system/
      install -d -m 0755 /etc/agentchat
      systemctl daemon-reload
      agent=claude-main
      install -d -m 0700 -o agentchat -g agentchat "/etc/agentchat/$agent"
      sudo --preserve-env=AGENTCHAT_HOMESERVER,AGENTCHAT_REGISTRATION_SECRET -u agentchat \
        env XDG_CONFIG_HOME="/etc/agentchat/$agent" cchat register "$agent"
      stat -c "%a %U" /etc/agentchat/claude-main/agentchat/config.json' 2>&1); then
    bad "booted unit: guide sections 3-4 (install, sysusers, register) failed"; echo "$out" | tail -15 | indent; boot_cleanup; return
  fi
  if [ "$(echo "$out" | tail -1)" = "600 agentchat" ]; then ok "booted unit: guide 3-4: install -D sysusers, systemd-sysusers, unit installed, agent registered as agentchat (config.json 0600)"
  else bad "booted unit: config.json is '$(echo "$out" | tail -1)', expected '600 agentchat'"; fi

  # Guide section 5, from the host: an admin creates the room, invites, lifts the agents' rate limits.
  adm=$WORK/boot-admin
  if ! out=$( (export XDG_CONFIG_HOME=$adm AGENTCHAT_HOMESERVER=$hs AGENTCHAT_REGISTRATION_SECRET=$secret
               "$bin" register agentchat-admin --admin && unset AGENTCHAT_REGISTRATION_SECRET \
               && "$bin" setup --invite @claude-main:localhost --lift-rate-limits @claude-main:localhost) 2>&1); then
    bad "booted unit: guide 5: cchat setup as admin failed"; echo "$out" | tail -10 | indent; boot_cleanup; return
  fi
  BOOT_TOKEN=$($PY -c 'import json,sys; c=json.load(open(sys.argv[1])); print(c.get("access_token") or c["AccessToken"])' "$adm/agentchat/config.json")
  room=$(curl -fsS -m 10 -H "Authorization: Bearer $BOOT_TOKEN" "$hs/_matrix/client/v3/directory/room/%23aichat%3Alocalhost" | $PY -c 'import json,sys; print(json.load(sys.stdin)["room_id"])')
  out=$(curl -sS -m 10 -H "Authorization: Bearer $BOOT_TOKEN" "$hs/_synapse/admin/v1/users/@claude-main:localhost/override_ratelimit")
  if [ "$(echo "$out" | tr -d ' ')" = '{"messages_per_second":0,"burst_count":0}' ]; then
    ok "booted unit: guide 5: cchat setup --lift-rate-limits as admin: room $room, override_ratelimit $out"
  else bad "booted unit: guide 5: claude-main's override_ratelimit is $out after cchat setup --lift-rate-limits"; fi

  # Guide section 6: env file, enable --now; then the session alias of section 6.
  local alias_env=(HOME=/var/lib/agentchat/home XDG_RUNTIME_DIR=/run XDG_CONFIG_HOME=/etc/agentchat/claude-main
                   AGENTCHAT_STATE_DIR=/var/lib/agentchat/claude-main AGENTCHAT_INSTANCE=claude-main)
  # shellcheck disable=SC2016 # expanded inside the container
  if ! out=$(in_boot env AGENTCHAT_HOMESERVER="$hs" PORT="$port" bash -euxc '
      printf "AGENTCHAT_HOMESERVER=%s\nAGENTCHAT_PORT=%s\n" "$AGENTCHAT_HOMESERVER" "$PORT" | tee /etc/agentchat/claude-main.env >/dev/null
      chmod 0600 /etc/agentchat/*.env
      systemctl enable --now agentchat@claude-main
      install -d -m 0700 -o agentchat -g agentchat /var/lib/agentchat/home' 2>&1); then
    bad "booted unit: guide 6: systemctl enable --now agentchat@claude-main failed"; echo "$out" | tail -10 | indent
  fi
  local healthy='' state
  for _ in $(seq 1 150); do
    state=$(in_boot systemctl is-active agentchat@claude-main 2>/dev/null)
    [ "$state" = failed ] && break
    if [ "$state" = active ] && curl -fsS -m 2 "http://127.0.0.1:$port/health" >/dev/null 2>&1; then healthy=1; break; fi
    sleep 0.2
  done
  if [ -n "$healthy" ]; then
    ok "booted unit: agentchat@claude-main is-active, /health 200 on its port, $(in_boot stat -c '%a %U' /var/lib/agentchat/claude-main) state dir, $(in_boot stat -c '%a %U' /run/agentchat) /run/agentchat"
  else
    bad "booted unit: agentchat@claude-main not healthy (is-active: $state)"; in_boot journalctl -u agentchat@claude-main --no-pager -n 20 | indent
    boot_cleanup; return
  fi
  # The session alias (guide 6): status through the daemon, a send through its gateway.
  if in_boot sudo -u agentchat cchat status --help 2>/dev/null | grep -q -- '--daemon'; then
    if in_boot sudo -u agentchat env "${alias_env[@]}" cchat status --daemon >/dev/null 2>&1; then ok "booted unit: the session alias' cchat status --daemon exits 0"
    else bad "booted unit: the session alias' cchat status --daemon does not see a healthy daemon"; fi
  fi
  local text; text="validate-deploy $$ $(date +%s%N)"
  out=$(in_boot sudo -u agentchat env "${alias_env[@]}" cchat send "$text" --kind status 2>&1)
  if [[ $out == *"(via gateway)"* ]]; then ok "booted unit: the session alias sends through the daemon: $out"
  else bad "booted unit: send as the session alias did not go through the gateway: $out"; fi
  out=$(curl -fsS -m 10 -H "Authorization: Bearer $BOOT_TOKEN" "$hs/_matrix/client/v3/rooms/$room/messages?dir=b&limit=20" 2>&1)
  if [[ $out == *"$text"* ]]; then ok "booted unit: the message is in the room (read back as the admin)"
  else bad "booted unit: the message did not reach the room"; fi

  # The .mcp.json of guide 6 for a Claude Code session next to the unit: cchat mcp as agentchat, with
  # the recipe's args and env, sends through the daemon.
  out=$(MCP_TEXT="mcp $text" $PY - "$BOOT_LEADER" 2>&1 <<'PY'
import json, os, subprocess, sys, threading
cmd = ["nsenter", "--target", sys.argv[1], "--all", "sudo", "-u", "agentchat", "env", "HOME=/var/lib/agentchat/home",
       "XDG_RUNTIME_DIR=/run", "AGENTCHAT_STATE_DIR=/var/lib/agentchat/claude-main", "/usr/local/bin/cchat", "mcp",
       "--instance", "claude-main", "--config", "/etc/agentchat/claude-main/agentchat/config.json"]
p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
timer = threading.Timer(30, p.kill); timer.start()
def send(msg): p.stdin.write(json.dumps(msg) + "\n"); p.stdin.flush()
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {},
      "clientInfo": {"name": "validate-deploy", "version": "1"}}})
result = None
for line in p.stdout:
    msg = json.loads(line)
    if msg.get("id") == 1:
        send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        send({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "send", "arguments": {"text": os.environ["MCP_TEXT"]}}})
    elif msg.get("id") == 2:
        result = msg
        break
p.stdin.close(); p.wait(); timer.cancel()
text = "".join(c.get("text", "") for c in ((result or {}).get("result") or {}).get("content", []))
print(text if text else json.dumps(result))
PY
)
  if [[ $out == *'"via":"gateway"'* ]]; then ok "booted unit: the guide's .mcp.json (cchat mcp as agentchat) sends through the daemon: $out"
  else bad "booted unit: cchat mcp with the guide's .mcp.json did not send through the gateway: $out"; fi

  # A clean stop: quick, not failed, discovery file removed, registry entry offline.
  t0=$(date +%s%N)
  in_boot systemctl stop agentchat@claude-main
  local ms=$(( ($(date +%s%N) - t0) / 1000000 )) result
  result="$(in_boot systemctl show -p ActiveState --value agentchat@claude-main) $(in_boot systemctl show -p Result --value agentchat@claude-main)"
  out=$(curl -fsS -m 10 -H "Authorization: Bearer $BOOT_TOKEN" "$hs/_matrix/client/v3/rooms/$room/state/com.aiagentchat.instance/@claude-main:localhost" \
        | $PY -c 'import json,sys; print(json.load(sys.stdin).get("status"))' 2>&1)
  if [ "$result" = "inactive success" ] && [ $ms -lt 10000 ] && ! in_boot test -e /run/agentchat/claude-main.json; then
    ok "booted unit: systemctl stop in $ms ms, inactive (success), discovery file removed; registry entry: $out"
  else bad "booted unit: stop took $ms ms, state '$result', discovery file $(in_boot test -e /run/agentchat/claude-main.json && echo left || echo removed)"; fi
  [ "$out" = offline ] || bad "booted unit: registry entry after stop is '$out', expected offline"
  if in_boot sudo -u agentchat cchat status --help 2>/dev/null | grep -q -- '--daemon'; then
    if in_boot sudo -u agentchat env "${alias_env[@]}" cchat status --daemon >/dev/null 2>&1; then bad "booted unit: cchat status --daemon exits 0 with the unit stopped"
    else ok "booted unit: with the unit stopped, the session alias' cchat status --daemon exits non-zero"; fi
  fi

  # The user unit (guide 6): install, lingering, credentials, its own port.
  # shellcheck disable=SC2016 # expanded inside the container
  if ! out=$(in_boot env AGENTCHAT_HOMESERVER="$hs" AGENTCHAT_REGISTRATION_SECRET="$secret" PORT="$uport" bash -euxc '
      useradd -m -s /bin/bash alice
      loginctl enable-linger alice
      uid=$(id -u alice)
      for _ in $(seq 1 100); do [ -S /run/user/$uid/bus ] && break; sleep 0.1; done
      runuser -u alice -- env -u AGENTCHAT_REGISTRATION_SECRET XDG_RUNTIME_DIR=/run/user/$uid HOME=/home/alice AGENTCHAT_HOMESERVER="$AGENTCHAT_HOMESERVER" bash -euxc "
        cd; install -D -m 0644 /src/deploy/systemd/user/agentchat@.service ~/.config/systemd/user/agentchat@.service
        install -d -m 0700 ~/.config/agentchat
        printf \"AGENTCHAT_HOMESERVER=%s\nAGENTCHAT_PORT=%s\n\" \"\$AGENTCHAT_HOMESERVER\" $PORT > ~/.config/agentchat/claude-user.env
        systemctl --user daemon-reload"
      runuser -u alice -- env XDG_RUNTIME_DIR=/run/user/$uid HOME=/home/alice AGENTCHAT_HOMESERVER="$AGENTCHAT_HOMESERVER" \
        AGENTCHAT_REGISTRATION_SECRET="$AGENTCHAT_REGISTRATION_SECRET" cchat register claude-user
      runuser -u alice -- env XDG_RUNTIME_DIR=/run/user/$uid systemctl --user enable --now agentchat@claude-user' 2>&1); then
    bad "booted unit: user unit (install, linger, register, enable --now) failed"; echo "$out" | tail -12 | indent; boot_cleanup; return
  fi
  healthy=''
  for _ in $(seq 1 150); do
    if curl -fsS -m 2 "http://127.0.0.1:$uport/health" >/dev/null 2>&1; then healthy=1; break; fi
    sleep 0.2
  done
  local uid; uid=$(in_boot id -u alice)
  local where=/home/alice/.local/state/agentchat/claude-user
  out=$(in_boot runuser -u alice -- env XDG_RUNTIME_DIR="/run/user/$uid" HOME=/home/alice cchat status --json 2>&1)
  local seen; seen=$(echo "$out" | $PY -c 'import json,sys; d=json.load(sys.stdin); print(d["mode"], next(s.get("value") for s in d["settings"] if s["name"]=="state_dir"))' 2>&1)
  if [ -n "$healthy" ] && in_boot test -f "/run/user/$uid/agentchat/claude-user.json" && [ "$(in_boot stat -c %a "$where" 2>&1)" = 700 ] \
     && [[ $seen != direct* ]] && [ "${seen#* }" = "$where" ]; then
    ok "booted unit: user unit agentchat@claude-user healthy on its own port with lingering; plain cchat status finds it ($seen)"
  else bad "booted unit: user unit: healthy=${healthy:-no}, cchat status sees '$seen', $where is $(in_boot stat -c %a "$where" 2>&1)"; echo "$out" | tail -5 | indent
       in_boot runuser -u alice -- env XDG_RUNTIME_DIR="/run/user/$uid" journalctl --user -u agentchat@claude-user --no-pager -n 15 2>&1 | indent; fi

  boot_cleanup
  ok "booted unit: container and Synapse gone; whole check $(( $(date +%s) - BOOT_T0 )) s"
}

section "systemd, booted: agentchat@.service under systemd-nspawn with a real Synapse"
boot_system_unit

# -------------------------------------------------------------------------------------------- compose
section "compose: deploy/docker-compose.yml and its config files"
YAMLLINT_CONF='{extends: default, rules: {line-length: {max: 120}, document-start: disable, truthy: {check-keys: false}}}'
if command -v yamllint >/dev/null; then
  for f in deploy/docker-compose.yml deploy/synapse/homeserver.yaml deploy/synapse/log.config .gitlab-ci.yml \
           deploy/prometheus/prometheus.yml deploy/grafana/provisioning/*/*.yaml; do
    if out=$(yamllint -f parsable -d "$YAMLLINT_CONF" "$f" 2>&1); then ok "$f: yamllint"
    else bad "$f: yamllint"; echo "$out" | indent; fi
  done
else skip "yamllint not available"; fi

if [ ${#COMPOSE[@]} -gt 0 ]; then
  # Debian 12's docker-compose 1.29 predates the top-level `name:` key; it is checked separately below.
  if out=$(sed '/^name: /d' deploy/docker-compose.yml | "${COMPOSE[@]}" --project-directory deploy -p agentchat -f - config -q 2>&1); then
    ok "docker-compose.yml: ${COMPOSE[*]} config (schema, services, volumes, secrets, depends_on)"
  else bad "docker-compose.yml: docker-compose config"; echo "$out" | indent; fi
else skip "docker-compose.yml: no docker-compose to run \`config\`"; fi

if out=$($PY - 2>&1 <<'PY'
import json, os, re, sys, yaml
errors = []
os.chdir("deploy")
c = yaml.safe_load(open("docker-compose.yml"))
if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", str(c.get("name", ""))):
    errors.append(f"project name {c.get('name')!r} is not a valid compose project name")
services = c["services"]
for want in ("synapse", "element", "claude-main", "claude-review", "room"):
    if want not in services:
        errors.append(f"service {want} missing")
for name, s in services.items():
    for v in s.get("volumes", []):
        src = v.split(":")[0]
        if src.startswith(".") and not os.path.exists(src):
            errors.append(f"{name}: mounts {src}, which does not exist")
    b = s.get("build")
    if b and not os.path.isfile(os.path.join(b["context"], b.get("dockerfile", "Dockerfile"))):
        errors.append(f"{name}: build context {b['context']} has no {b.get('dockerfile')}")
    env = s.get("environment") or {}
    for k in env:
        if k.startswith("AGENTCHAT_") and k not in {"AGENTCHAT_HOMESERVER", "AGENTCHAT_USER_ID", "AGENTCHAT_ACCESS_TOKEN",
                "AGENTCHAT_INSTANCE", "AGENTCHAT_ROOM", "AGENTCHAT_STATE_DIR", "AGENTCHAT_GATEWAY",
                "AGENTCHAT_REGISTRATION_SECRET", "AGENTCHAT_PORT", "AGENTCHAT_BIND", "AGENTCHAT_METRICS_TOKEN_FILE",
                "AGENTCHAT_ARCHIVE_BIND", "AGENTCHAT_ARCHIVE_TOKEN", "AGENTCHAT_ARCHIVE_PORT", "AGENTCHAT_CHANNEL_ALLOW",
                "AGENTCHAT_LOOP_BUDGET", "AGENTCHAT_UNANSWERED_AFTER", "AGENTCHAT_DIGEST_INTERVAL"}:
            errors.append(f"{name}: unknown variable {k}")
for name in ("claude-main", "claude-review"):
    s = services.get(name, {})
    if s.get("command") != ["daemon"] or s.get("restart") != "unless-stopped":
        errors.append(f"{name}: should run `cchat daemon` with restart: unless-stopped")
    if (s.get("depends_on") or {}).get("room", {}).get("condition") != "service_completed_successfully":
        errors.append(f"{name}: should start after the one-time setup (room) completed")
    if s.get("hostname") != name:
        errors.append(f"{name}: needs a stable hostname: {name} (cchat who shows it; container ids change)")
    if (s.get("healthcheck") or {}).get("test") != ["CMD", "cchat", "status", "--daemon"]:
        errors.append(f"{name}: healthcheck should run cchat status --daemon")
for name, s in services.items():
    for p in s.get("ports", []):
        if not str(p).startswith("127.0.0.1:"):
            errors.append(f"{name} publishes {p} beyond loopback")

hs = yaml.safe_load(open("synapse/homeserver.yaml"))
for key in ("registration_shared_secret_path", "rc_message", "retention", "server_name", "listeners"):
    if key not in hs:
        errors.append(f"homeserver.yaml lacks {key}")
if "registration_shared_secret" in hs:
    errors.append("homeserver.yaml holds the registration secret inline; use registration_shared_secret_path")
if hs.get("enable_registration"):
    errors.append("homeserver.yaml enables open registration")
rc = hs.get("rc_message") or {}
if not isinstance(rc.get("per_second", 0.2), (int, float)) or not isinstance(rc.get("burst_count", 10), int):
    errors.append(f"rc_message must hold numbers: {rc}")
elif rc.get("per_second", 0.2) <= 0.2:
    errors.append("rc_message still throttles agents at Synapse's default 0.2/s")

el = json.load(open("element/config.json"))
m = el["default_server_config"]["m.homeserver"]
if m["server_name"] != hs["server_name"]:
    errors.append(f"element server_name {m['server_name']} != synapse {hs['server_name']}")
if not m["base_url"].rstrip("/").endswith(":8008") or hs["public_baseurl"].rstrip("/") != m["base_url"].rstrip("/"):
    errors.append(f"element base_url {m['base_url']} does not match synapse public_baseurl {hs['public_baseurl']}")

import logging.config
lc = yaml.safe_load(open("synapse/log.config"))
logging.config.dictConfig(lc)
print("\n".join(errors))
sys.exit(1 if errors else 0)
PY
); then ok "docker-compose.yml: project name, mounted files exist, agents after setup with stable hostnames and status --daemon health checks, Synapse on loopback only"
       ok "synapse/homeserver.yaml: secret from a file, no open registration, rc_message lifted, retention set"
       ok "element/config.json: valid JSON, points at the stack's Synapse; synapse/log.config: valid logging config"
else bad "compose files"; echo "$out" | indent; fi

if [ $have_synapse = 1 ]; then synapse_load "synapse/homeserver.yaml" deploy/synapse/homeserver.yaml
else skip "synapse/homeserver.yaml: not loaded by Synapse (no chroot)"; fi

# ---------------------------------------------------------------------------------------------- image
section "image: deploy/Dockerfile, .dockerignore"
if [ "${HADOLINT:-0}" = 1 ]; then
  if out=$(hadolint deploy/Dockerfile 2>&1); then ok "Dockerfile: hadolint"; else bad "Dockerfile: hadolint"; echo "$out" | indent; fi
fi
if [ $have_node = 1 ]; then
  # It writes temp files into its working directory.
  if out=$(cd "$WORK" && node "$TOOLS/node_modules/dockerlinter/bin/dockerfilelinter.js" -f "$REPO/deploy/Dockerfile" -e info 2>&1); then
    ok "Dockerfile: dockerlinter (hadolint-like rules + shellcheck on RUN), no findings"
  else bad "Dockerfile: dockerlinter"; echo "$out" | indent; fi
else skip "Dockerfile: dockerlinter (needs Node >= 20.11)"; fi

if out=$($PY - 2>&1 <<'PY'
import os, re, sys
errors = []
text = open("deploy/Dockerfile").read().replace("\\\n", " ")
ignore = [l.strip() for l in open(".dockerignore") if l.strip() and not l.startswith("#")]
allowed = {l[1:].rstrip("/") for l in ignore if l.startswith("!")}
for line in text.splitlines():
    m = re.match(r"\s*COPY\s+(.*)", line)
    if not m or "--from=" in line:
        continue
    args = [a for a in m.group(1).split() if not a.startswith("--")]
    for src in args[:-1]:
        if not os.path.exists(src):
            errors.append(f"COPY {src}: not in the repository")
        if src.rstrip("/") not in allowed:
            errors.append(f"COPY {src}: excluded by .dockerignore")
for want in ("USER $APP_UID", 'CMD ["cchat", "status", "--daemon"]', 'VOLUME ["/var/lib/agentchat"]', 'ENTRYPOINT ["cchat"]',
             "bash scripts/publish.sh /out", "FROM ${RUNTIME_BASE}", "ENV ASPNETCORE_HTTP_PORTS= "):
    if want not in text:
        errors.append(f"Dockerfile lacks {want}")
for line in text.splitlines():
    # older BuildKit ignores --chmod on a directory (moby/buildkit#4945): modes come from the build stage
    if re.match(r"\s*COPY\s", line) and "--chmod" in line and not re.search(r"/cchat\s", line):
        errors.append(f"COPY --chmod of a directory: {line.strip()}")
if "**/bin/" not in ignore or "**/obj/" not in ignore:
    errors.append(".dockerignore must exclude **/bin/ and **/obj/")
csproj = "src/AgentChat.Cli/AgentChat.Cli.csproj"
if os.path.exists(csproj):
    c = open(csproj).read()
    if "<AssemblyName>cchat</AssemblyName>" not in c or "<PublishAot>true</PublishAot>" not in c:
        errors.append(f"{csproj}: expected AssemblyName cchat and PublishAot true")
else:
    print(f"note: {csproj} does not exist yet")
print("\n".join(errors))
sys.exit(1 if errors else 0)
PY
); then ok "Dockerfile: build inputs exist and pass .dockerignore; non-root user, volume, status --daemon health check, AOT publish, ASPNETCORE_HTTP_PORTS cleared, no --chmod on directories"
     [ -n "$out" ] && echo "$out" | indent
else bad "Dockerfile/.dockerignore"; echo "$out" | indent; fi

# ------------------------------------------------------------------------------------------------- CI
section "CI: .gitlab-ci.yml"
if [ $have_node = 1 ]; then
  # gitlab-ci-local wants a git checkout and writes .gitlab-ci-local/ next to the file: use a copy.
  mkdir -p "$WORK/ci" && cp .gitlab-ci.yml "$WORK/ci/"
  (cd "$WORK/ci" && git init -q && git -c user.email=ci@localhost -c user.name=ci add . \
     && git -c user.email=ci@localhost -c user.name=ci commit -qm ci) >/dev/null 2>&1
  glci() { (cd "$WORK/ci" && node --import "$TOOLS/set-methods.mjs" "$TOOLS/node_modules/gitlab-ci-local/dist/index.js" "$@" 2>&1); }
  jobs_of() { echo "$1" | awk '/^name /{on=1; next} on && NF {print $1}' | sort | tr '\n' ' '; }
  if branch=$(glci --list --validate-dependency-chain); then
    got=$(jobs_of "$branch")
    if [ "$got" = "build test validate-deploy " ]; then ok "branch pipeline: GitLab CI schema valid, jobs: $got"
    else bad "branch pipeline jobs are '$got', expected 'build test validate-deploy '"; fi
  else bad ".gitlab-ci.yml: gitlab-ci-local --list (branch)"; echo "$branch" | grep -v -i -E 'git |origin|fallback|fatal|HEAD|revision' | indent; fi
  if tag=$(glci --list --validate-dependency-chain --variable CI_COMMIT_TAG=v1.2.3); then
    got=$(jobs_of "$tag")
    if [ "$got" = "build publish-binary publish-image test validate-deploy " ]; then ok "tag pipeline: GitLab CI schema valid, jobs: $got"
    else bad "tag pipeline jobs are '$got', expected 'build publish-binary publish-image test validate-deploy '"; fi
  else bad ".gitlab-ci.yml: gitlab-ci-local --list (tag)"; echo "$tag" | grep -v -i -E 'git |origin|fallback|fatal|HEAD|revision' | indent; fi
else skip ".gitlab-ci.yml: GitLab CI schema (needs Node >= 20.11)"; fi

if out=$($PY - "$WORK/ci-homeserver.yaml" 2>&1 <<'PY'
import re, sys, yaml
errors = []
ci = yaml.safe_load(open(".gitlab-ci.yml"))
test = ci["test"]
if "bash scripts/test.sh" not in test["script"]:
    errors.append("test job does not run `bash scripts/test.sh`")
try:
    run = open(".ci/run").read()
    if "scripts/test.sh" not in run:
        print("note: .ci/run does not call scripts/test.sh: compare the test commands by hand")
except FileNotFoundError:
    print("note: .ci/run does not exist yet")
v = test["variables"]
if not v.get("AGENTCHAT_TEST_HOMESERVER") or not v.get("AGENTCHAT_TEST_REGISTRATION_SECRET"):
    errors.append("test job lacks AGENTCHAT_TEST_HOMESERVER / AGENTCHAT_TEST_REGISTRATION_SECRET")
svc = test["services"][0]
alias = svc["alias"]
if f"http://{alias}:" not in v["AGENTCHAT_TEST_HOMESERVER"]:
    errors.append(f"AGENTCHAT_TEST_HOMESERVER does not point at the service alias {alias}")
script = svc["command"][0]
m = re.search(r"<<EOF\n(.*?)\nEOF\n", script, re.S)
if not m:
    errors.append("service command has no homeserver.yaml heredoc")
else:
    body = m.group(1).replace("$AGENTCHAT_TEST_REGISTRATION_SECRET", v["AGENTCHAT_TEST_REGISTRATION_SECRET"])
    hs = yaml.safe_load(body)
    if hs.get("registration_shared_secret") != v["AGENTCHAT_TEST_REGISTRATION_SECRET"]:
        errors.append("service homeserver.yaml does not use AGENTCHAT_TEST_REGISTRATION_SECRET")
    open(sys.argv[1], "w").write(body)
b = ci["build"]
if "bash scripts/publish.sh artifacts/cchat" not in b["script"]:
    errors.append("build job does not publish the AOT binary to artifacts/cchat")
if "artifacts/cchat/cchat" not in b["artifacts"]["paths"]:
    errors.append("build job does not keep artifacts/cchat/cchat")
print("\n".join(errors))
sys.exit(1 if errors else 0)
PY
); then ok "test job runs \`bash scripts/test.sh\` against the Synapse service; build job keeps the AOT binary"
     [ -n "$out" ] && echo "$out" | indent
else bad ".gitlab-ci.yml jobs"; echo "$out" | indent; fi
if [ $have_synapse = 1 ] && [ -f "$WORK/ci-homeserver.yaml" ]; then synapse_load "CI service homeserver.yaml" "$WORK/ci-homeserver.yaml"
else skip "CI service homeserver.yaml: not loaded by Synapse"; fi

# ---------------------------------------------------------------------------------------------- shell
section "shell scripts"
if command -v shellcheck >/dev/null; then
  for f in deploy/compose/*.sh deploy/postgres/*.sh deploy/try-image.sh scripts/validate-deploy.sh scripts/audit.sh; do
    if out=$(shellcheck -x "$f" 2>&1); then ok "$f: shellcheck"; else bad "$f: shellcheck"; echo "$out" | indent; fi
  done
else skip "shellcheck not available"; fi

# ----------------------------------------------------------------------------------- CI: a real run
# The pipeline's structure for issue 18, then its build job run for real by gitlab-ci-local with the shell
# executor, in this checkout (warm obj/ and NuGet cache: the same publish scripts/test.sh does next).
# Skipped, not failed, where it cannot run for a reason outside the project (no Node/gitlab-ci-local, no
# .NET SDK, not a git checkout) or with AGENTCHAT_VALIDATE_CI_RUN=0; once it runs, a failure is a failure.
ci_pipeline_run() {
  section "CI: the pipeline's jobs, the build job run by gitlab-ci-local (shell executor)"
  local out
  if out=$($PY - 2>&1 <<'PY'
import re, sys, yaml
errors = []
ci = yaml.safe_load(open(".gitlab-ci.yml"))
images = {k: v for k, v in ci["variables"].items() if k.endswith("_IMAGE")}
for name, job in ci.items():
    if not isinstance(job, dict) or "image" not in job:
        continue
    image = re.sub(r"\$\{?(\w+)\}?", lambda m: images.get(m.group(1), m.group(0)), str(job["image"]))
    # .NET 10 SDK images exist for Ubuntu (10.0, 10.0-noble), Alpine and Azure Linux, not for Debian.
    if re.search(r"dotnet/sdk:10\.0-(trixie|bookworm)", image):
        errors.append(f"{name}: image {image} is not published for .NET 10")
test = ci["test"]
lines = "\n".join(str(x) for x in test["before_script"] + test["script"])
if "scripts/synapse.sh install" not in lines:
    errors.append("test job does not build the Synapse chroot (`bash scripts/synapse.sh install`) before the tests")
elif lines.index("scripts/synapse.sh install") > lines.index("bash scripts/test.sh"):
    errors.append("test job builds the Synapse chroot after the tests started")
for pkg in ("debootstrap", "debian-archive-keyring"):
    if pkg not in lines:
        errors.append(f"test job does not install {pkg}")
cached = [p for c in test.get("cache", []) for p in c.get("paths", [])]
if ".cache/synapse-root.tar" not in cached or ".cache/synapse-root.tar" not in lines:
    errors.append("test job does not cache the chroot as .cache/synapse-root.tar")
build = "\n".join(str(x) for x in ci["build"].get("before_script", ci[".dotnet"]["before_script"]))
if "debootstrap" in build:
    errors.append("build job's before_script installs debootstrap, which it does not need")
print("\n".join(errors))
sys.exit(1 if errors else 0)
PY
  ); then ok ".gitlab-ci.yml: SDK image published for .NET 10; test job builds or unpacks the cached Synapse chroot before the tests; lean build job"
  else bad ".gitlab-ci.yml: issue 18 structure"; echo "$out" | indent; fi

  local why=""
  if [ "${AGENTCHAT_VALIDATE_CI_RUN:-1}" = 0 ]; then why="AGENTCHAT_VALIDATE_CI_RUN=0"
  elif [ $have_node = 0 ]; then why="no gitlab-ci-local (needs Node >= 20.11 and npm)"
  elif ! command -v dotnet >/dev/null; then why="no .NET SDK on this machine"
  elif ! git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1; then why="not a git checkout"
  elif ! command -v rsync >/dev/null && ! apt_install rsync; then why="no rsync (gitlab-ci-local copies the checkout with it)"
  elif [ "$(id -u)" != 0 ] && { ! command -v cc >/dev/null || ! dpkg -s zlib1g-dev >/dev/null 2>&1; }; then
    why="no C compiler or zlib1g-dev, and not root for the job's before_script to install them"
  fi
  if [ -n "$why" ]; then skip "build job not run by gitlab-ci-local: $why"; return; fi
  # State under artifacts/ (ignored by git); NuGet from the machine's cache, not a cold one in the checkout.
  local state=artifacts/gitlab-ci-local start rc
  rm -rf "${REPO:?}/$state"
  start=$(date +%s)
  out=$(cd "$REPO" && timeout 900 node --import "$TOOLS/set-methods.mjs" "$TOOLS/node_modules/gitlab-ci-local/dist/index.js" \
          --force-shell-executor --state-dir "$state" --no-color --max-job-name-padding 0 \
          --variable "NUGET_PACKAGES=${NUGET_PACKAGES:-$HOME/.nuget/packages}" build 2>&1); rc=$?
  if [ $rc = 0 ] && grep -q 'PASS.*build' <<<"$out" && [ -x "$REPO/$state/artifacts/build/artifacts/cchat/cchat" ]; then
    ok "build job: gitlab-ci-local (shell executor) ran it in $(( $(date +%s) - start )) s; artifact $(du -h "$REPO/$state/artifacts/build/artifacts/cchat/cchat" | cut -f1) cchat"
  else
    bad "build job: gitlab-ci-local (shell executor) failed (rc=$rc)"; echo "$out" | tail -n 30 | indent
  fi
  rm -rf "${REPO:?}/$state"
}
ci_pipeline_run

# ------------------------------------------------------------------------------------------- summary
section "summary"
echo "  result: $passed checks ok, $failed failed, $skipped skipped"
echo "  not checked here: building and running the image (sudo bash deploy/try-image.sh), the compose"
echo "  stack, a GitLab runner executing the pipeline. See docs/trying-deploy.md."
if [ $failed -gt 0 ]; then exit 1; fi
if [ $skipped -gt 0 ]; then
  echo "  INCOMPLETE: $skipped check(s) could not run here (see SKIP above)"
  [ "${AGENTCHAT_VALIDATE_STRICT:-0}" = 1 ] && exit 2
fi
exit 0
