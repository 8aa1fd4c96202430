# shellcheck shell=bash disable=SC2154
# scripts/validate-deploy.sh, area "compose": YAML lint, `docker-compose config` (schema and references), the files
# the stack mounts, the Element config, and the Synapse config loaded by Synapse itself (when the chroot is there).

validate_compose() {
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
    # The file as it is, with deploy/.env: both Debian 12's docker-compose 1.29 and Compose v2 must accept it.
    if out=$(cd deploy && "${COMPOSE[@]}" config -q 2>&1); then
      ok "docker-compose.yml: ${COMPOSE[*]} config (schema, services, volumes, secrets, depends_on)"
    else bad "docker-compose.yml: docker-compose config"; echo "$out" | indent; fi
  else skip "docker-compose.yml: no docker-compose to run \`config\`"; fi

  if out=$($PY - 2>&1 <<'PY'
import json, os, re, sys, yaml
errors = []
os.chdir("deploy")
c = yaml.safe_load(open("docker-compose.yml"))
if "name" in c:
    errors.append("top-level name: (docker-compose 1.29 refuses it); the project name belongs in deploy/.env")
dotenv = dict(l.split("=", 1) for l in open(".env").read().splitlines() if "=" in l and not l.startswith("#"))
if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", dotenv.get("COMPOSE_PROJECT_NAME", "")):
    errors.append(f"deploy/.env: COMPOSE_PROJECT_NAME {dotenv.get('COMPOSE_PROJECT_NAME')!r} is not a valid compose project name")
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
# The Claude Code bridge: opt-in (profile), the plain image or the operator's (no build), bridge.sh as entrypoint,
# registered and invited before it starts, Claude Code's HOME on its volume, the API key as a secret.
b = services.get("bridge")
if not b:
    errors.append("service bridge missing")
else:
    env = b.get("environment") or {}
    if b.get("profiles") != ["bridge"]:
        errors.append("bridge: should be in profile bridge only (the stack runs without Claude Code)")
    if "build" in b or not str(b.get("image", "")).startswith("${AGENTCHAT_BRIDGE_IMAGE:-"):
        errors.append("bridge: image should be ${AGENTCHAT_BRIDGE_IMAGE:-...} without build (a build would overwrite a derived image)")
    if b.get("entrypoint") != ["/bin/sh", "/agentchat/bridge.sh"] or "./compose/bridge.sh:/agentchat/bridge.sh:ro" not in b.get("volumes", []):
        errors.append("bridge: entrypoint should be compose/bridge.sh, mounted read-only")
    if env.get("AGENTCHAT_INSTANCE") != "claude-bridge" or env.get("HOME") != "/var/lib/agentchat" \
       or "claude-bridge:/var/lib/agentchat" not in b.get("volumes", []):
        errors.append("bridge: instance claude-bridge, with HOME on its own volume")
    if set(b.get("secrets", [])) != {"metrics_token", "anthropic_api_key"}:
        errors.append(f"bridge: secrets {b.get('secrets')}, expected metrics_token and anthropic_api_key")
    if (b.get("healthcheck") or {}).get("test") != ["CMD", "cchat", "status", "--daemon"] or b.get("restart") != "unless-stopped":
        errors.append("bridge: healthcheck cchat status --daemon and restart unless-stopped")
    if (b.get("depends_on") or {}).get("invite-claude-bridge", {}).get("condition") != "service_completed_successfully":
        errors.append("bridge: should start after invite-claude-bridge completed")
    inv = services.get("invite-claude-bridge") or {}
    if inv.get("command") != ["setup", "--invite", "@claude-bridge:localhost"] or "claude-main:/var/lib/agentchat" not in inv.get("volumes", []) \
       or (inv.get("depends_on") or {}).get("register-claude-bridge", {}).get("condition") != "service_completed_successfully":
        errors.append("invite-claude-bridge: claude-main should invite @claude-bridge:localhost after register-claude-bridge")
    if "bridge" not in (services.get("register-claude-bridge") or {}).get("profiles", []):
        errors.append("register-claude-bridge: missing or not in profile bridge")
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
         ok "docker-compose.yml: the bridge service opt-in (profile bridge), registered and invited first, no build, HOME on its volume, API key as a secret"
         ok "synapse/homeserver.yaml: secret from a file, no open registration, rc_message lifted, retention set"
         ok "element/config.json: valid JSON, points at the stack's Synapse; synapse/log.config: valid logging config"
  else bad "compose files"; echo "$out" | indent; fi
  validate_compose_bridge_entrypoint

  if [ "$have_synapse" = 1 ]; then synapse_load "synapse/homeserver.yaml" deploy/synapse/homeserver.yaml
  else skip "synapse/homeserver.yaml: not loaded by Synapse (no chroot)"; fi
}

# deploy/compose/bridge.sh run by sh on the host with stub commands: without Claude Code it stops at once (78) saying
# what to do; with one it logs the version and execs `cchat bridge`. (try-image.sh runs it in the image.)
validate_compose_bridge_entrypoint() {
  local d=$WORK/bridge-sh out rc
  mkdir -p "$d/none" "$d/with"
  ln -sf "$(command -v head)" "$d/none/head"; ln -sf "$(command -v head)" "$d/with/head"; ln -sf "$(command -v tr)" "$d/none/tr"
  printf '#!/bin/sh\necho "1.0.0 (stand-in)"\n' >"$d/with/claude"
  printf '#!/bin/sh\necho "cchat $*"\n' >"$d/with/cchat"
  printf '#!/bin/sh\necho "boom: no node" >&2; exit 127\n' >"$d/none/claude-broken"
  chmod 0755 "$d/with/claude" "$d/with/cchat" "$d/none/claude-broken"
  out=$(env -i PATH="$d/none" /bin/sh deploy/compose/bridge.sh 2>&1); rc=$?
  if [ $rc = 78 ] && [[ $out == *"Claude Code not found"*AGENTCHAT_BRIDGE_IMAGE*AGENTCHAT_BRIDGE_CLAUDE* ]]; then
    ok "compose/bridge.sh without claude: exit 78, \"${out:0:60}...\""
  else bad "compose/bridge.sh without claude: exit $rc: $out"; fi
  out=$(env -i PATH="$d/none" AGENTCHAT_BRIDGE_CLAUDE="$d/none/claude-broken" /bin/sh deploy/compose/bridge.sh 2>&1); rc=$?
  if [ $rc = 78 ] && [[ $out == *"--version' failed"*"boom: no node"* ]]; then ok "compose/bridge.sh with a claude that cannot run: exit 78 with its error"
  else bad "compose/bridge.sh with a broken claude: exit $rc: $out"; fi
  out=$(env -i PATH="$d/with" /bin/sh deploy/compose/bridge.sh --port 1 2>&1); rc=$?
  if [ $rc = 0 ] && [ "$(echo "$out" | tail -1)" = "cchat bridge --port 1" ] && [[ $out == *"Claude Code 1.0.0 (stand-in) at $d/with/claude"* ]]; then
    ok "compose/bridge.sh with claude on PATH: logs its version, execs cchat bridge with the arguments"
  else bad "compose/bridge.sh with claude: exit $rc: $out"; fi
}
