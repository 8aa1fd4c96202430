#!/usr/bin/env bash
# Validates the deployment files as far as a machine without a Docker engine or a running systemd can:
#
#   bash scripts/validate-deploy.sh
#
#   systemd   the template unit (system and user) with `systemd-analyze verify` on a copy whose ExecStart
#             is a stub, its sandboxing with `systemd-analyze security --offline`, the sysusers file with
#             `systemd-sysusers --root`, the example env file's syntax
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
trap 'rm -rf "$WORK"; [ -n "${SYN_DIR:-}" ] && rm -rf "$SYN_DIR"' EXIT

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
  chmod -R a+rX "$SYN_DIR"
  if out=$(chroot "$SYNAPSE_ROOT" python3 -m synapse.app.homeserver --config-path "$inner/config/homeserver.yaml" --generate-keys 2>&1) \
     && out=$(chroot "$SYNAPSE_ROOT" python3 -m synapse.config -c "$inner/config/homeserver.yaml" 2>&1); then
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

# -------------------------------------------------------------------------------------------- compose
section "compose: deploy/docker-compose.yml and its config files"
YAMLLINT_CONF='{extends: default, rules: {line-length: {max: 120}, document-start: disable, truthy: {check-keys: false}}}'
if command -v yamllint >/dev/null; then
  for f in deploy/docker-compose.yml deploy/synapse/homeserver.yaml deploy/synapse/log.config .gitlab-ci.yml; do
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
                "AGENTCHAT_REGISTRATION_SECRET", "AGENTCHAT_PORT", "AGENTCHAT_BIND"}:
            errors.append(f"{name}: unknown variable {k}")
for name in ("claude-main", "claude-review"):
    s = services.get(name, {})
    if s.get("command") != ["daemon"] or s.get("restart") != "unless-stopped":
        errors.append(f"{name}: should run `cchat daemon` with restart: unless-stopped")
    if (s.get("depends_on") or {}).get("room", {}).get("condition") != "service_completed_successfully":
        errors.append(f"{name}: should start after the one-time setup (room) completed")
for p in services.get("synapse", {}).get("ports", []):
    if not str(p).startswith("127.0.0.1:"):
        errors.append(f"synapse publishes {p} beyond loopback")

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
); then ok "docker-compose.yml: project name, mounted files exist, agents after setup, Synapse on loopback only"
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
for want in ("USER $APP_UID", 'HEALTHCHECK', 'VOLUME ["/var/lib/agentchat"]', 'ENTRYPOINT ["cchat"]',
             "bash scripts/publish.sh /out", "FROM ${RUNTIME_BASE}"):
    if want not in text:
        errors.append(f"Dockerfile lacks {want}")
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
); then ok "Dockerfile: build inputs exist and pass .dockerignore; non-root user, volume, health check, AOT publish"
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
  for f in deploy/compose/*.sh scripts/validate-deploy.sh; do
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
echo "  not checked here (no Docker engine, no systemd as PID 1): building the image, running the stack,"
echo "  starting the unit, a GitLab runner executing the pipeline. See docs/operators-guide.md."
if [ $failed -gt 0 ]; then exit 1; fi
if [ $skipped -gt 0 ]; then
  echo "  INCOMPLETE: $skipped check(s) could not run here (see SKIP above)"
  [ "${AGENTCHAT_VALIDATE_STRICT:-0}" = 1 ] && exit 2
fi
exit 0
