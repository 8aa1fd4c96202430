# shellcheck shell=bash disable=SC2154
# scripts/validate-deploy.sh, area "booted": the system unit under a real systemd. A Debian root (debootstrap,
# cached outside the checkout) booted with systemd-nspawn, the published cchat, a real Synapse (scripts/synapse.sh).
# It follows the operator's guide, sections 3-6 (install -D of the sysusers file, sysusers, unit, register as the
# service user, env file, enable --now), then checks is-active, health, a send through the daemon's gateway as the
# session alias does it, and a clean stop (fast, not failed, registry entry offline, discovery file gone); and the
# user unit of section 6 with lingering. Runs as root; the container shares the host's network (loopback).
#   AGENTCHAT_VALIDATE_BOOT=0       skip it
#   AGENTCHAT_NSPAWN_ROOT           the cached root (default /var/cache/agentchat/nspawn-root)
#   AGENTCHAT_CCHAT_BINARY          the binary to try (default artifacts/cchat/cchat, published when missing)
# Each step returns non-zero when the ones after it cannot run; validate_boot then cleans up.

# shellcheck source=scripts/process-lib.sh
source "$REPO/scripts/process-lib.sh"

NSPAWN_ROOT=${AGENTCHAT_NSPAWN_ROOT:-/var/cache/agentchat/nspawn-root}
NSPAWN_STAMP=agentchat-nspawn-root-v2
BOOT_PID='' BOOT_SYN='' BOOT_LEADER='' BOOT_BIN='' BOOT_HS='' BOOT_SECRET='' BOOT_PORT='' BOOT_UPORT='' BOOT_ROOM='' BOOT_TOKEN=''
# The session alias of guide section 6: the unit's environment for a command run as agentchat.
BOOT_ALIAS_ENV=(HOME=/var/lib/agentchat/home XDG_RUNTIME_DIR=/run XDG_CONFIG_HOME=/etc/agentchat/claude-main
                AGENTCHAT_STATE_DIR=/var/lib/agentchat/claude-main AGENTCHAT_INSTANCE=claude-main)

validate_boot() {
  section "systemd, booted: agentchat@.service under systemd-nspawn with a real Synapse"
  boot_prepare || return 0
  if boot_start && boot_guide_install && boot_guide_setup && boot_guide_enable; then
    boot_session_alias
    boot_bridge_unit
    boot_clean_stop
    if boot_user_unit; then
      boot_cleanup
      ok "booted unit: container and Synapse gone; whole check $(( $(date +%s) - BOOT_T0 )) s"
      return 0
    fi
  fi
  boot_cleanup
}

boot_cleanup() { # nspawn shuts its systemd down cleanly on SIGTERM; 20 s for it
  stop_process_group "$BOOT_PID" 20
  BOOT_PID=''
  [ -n "$BOOT_SYN" ] && bash "$REPO/scripts/synapse.sh" destroy "$BOOT_SYN" >/dev/null 2>&1
  BOOT_SYN=''
}

in_boot() { nsenter --target "$BOOT_LEADER" --all "$@"; }

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

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

# Skips (or fails) when the boot cannot be tried here; else the binary, the cached root and the Synapse chroot are ready.
boot_prepare() {
  local out
  BOOT_BIN=${AGENTCHAT_CCHAT_BINARY:-$REPO/artifacts/cchat/cchat}
  if [ "${AGENTCHAT_VALIDATE_BOOT:-1}" = 0 ]; then skip "booted unit: AGENTCHAT_VALIDATE_BOOT=0"; return 1; fi
  if [ "$(id -u)" != 0 ] || ! unshare --mount true 2>/dev/null; then
    skip "booted unit: needs root with mount rights (systemd-nspawn)"; return 1
  fi
  apt_install systemd-container debootstrap curl python3 >/dev/null || { skip "booted unit: cannot install systemd-container, debootstrap"; return 1; }
  if [ ! -x "$BOOT_BIN" ]; then
    if command -v dotnet >/dev/null; then
      echo "  publishing cchat (bash scripts/publish.sh artifacts/cchat)"
      bash scripts/publish.sh artifacts/cchat >"$WORK/publish.log" 2>&1 || { bad "booted unit: publish failed"; tail -20 "$WORK/publish.log" | indent; return 1; }
    else skip "booted unit: no cchat binary at $BOOT_BIN and no .NET SDK to publish one"; return 1; fi
  fi
  BOOT_T0=$(date +%s)
  if ! out=$(nspawn_root 2>&1); then bad "booted unit: could not build $NSPAWN_ROOT"; echo "$out" | indent; return 1; fi
  [ -n "$out" ] && echo "$out"
  if ! out=$(bash scripts/synapse.sh install 2>&1); then bad "booted unit: no Synapse (scripts/synapse.sh install)"; echo "$out" | tail -5 | indent; return 1; fi
  return 0
}

# A real Synapse with its default rate limits (so lifting them is checked too), then the container booted.
boot_start() {
  local out t0=$BOOT_T0
  BOOT_SYN=$WORK/boot-synapse
  if ! AGENTCHAT_SYNAPSE_OWNER_PID=$$ bash scripts/synapse.sh start "$BOOT_SYN" default >/dev/null 2>"$WORK/synapse.err"; then
    bad "booted unit: Synapse did not start"; tail -10 "$WORK/synapse.err" | indent; return 1
  fi
  BOOT_HS=$(sed -n 's/^homeserver=//p' "$BOOT_SYN/env"); BOOT_SECRET=$(sed -n 's/^secret=//p' "$BOOT_SYN/env")
  BOOT_PORT=$(free_port)
  BOOT_UPORT=$(free_port)

  # --volatile=overlay keeps the cached root untouched (changes live in a tmpfs).
  systemd-nspawn -q -D "$NSPAWN_ROOT" --volatile=overlay --machine="agentchat-validate-$$" -b --keep-unit --register=no \
    --console=passive --bind-ro="$REPO:/src" --bind-ro="$BOOT_BIN:/opt/cchat/cchat" >"$WORK/nspawn.log" 2>&1 </dev/null &
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
    *) bad "booted unit: the container did not boot (${out:-no systemd})"; tail -20 "$WORK/nspawn.log" | indent; return 1 ;;
  esac
}

# Guide sections 3 and 4, as root in the container (after naming the host in /etc/hosts, for sudo).
boot_guide_install() {
  local out
  # shellcheck disable=SC2016 # expanded inside the container
  if ! out=$(in_boot env AGENTCHAT_HOMESERVER="$BOOT_HS" AGENTCHAT_REGISTRATION_SECRET="$BOOT_SECRET" bash -euxc '
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
    bad "booted unit: guide sections 3-4 (install, sysusers, register) failed"; echo "$out" | tail -15 | indent; return 1
  fi
  if [ "$(echo "$out" | tail -1)" = "600 agentchat" ]; then ok "booted unit: guide 3-4: install -D sysusers, systemd-sysusers, unit installed, agent registered as agentchat (config.json 0600)"
  else bad "booted unit: config.json is '$(echo "$out" | tail -1)', expected '600 agentchat'"; fi
}

# Guide section 5, from the host: an admin creates the room, invites, lifts the agents' rate limits.
boot_guide_setup() {
  local out adm=$WORK/boot-admin
  if ! out=$( (export XDG_CONFIG_HOME=$adm AGENTCHAT_HOMESERVER=$BOOT_HS AGENTCHAT_REGISTRATION_SECRET=$BOOT_SECRET
               "$BOOT_BIN" register agentchat-admin --admin && unset AGENTCHAT_REGISTRATION_SECRET \
               && "$BOOT_BIN" setup --invite @claude-main:localhost --lift-rate-limits @claude-main:localhost) 2>&1); then
    bad "booted unit: guide 5: cchat setup as admin failed"; echo "$out" | tail -10 | indent; return 1
  fi
  BOOT_TOKEN=$($PY -c 'import json,sys; c=json.load(open(sys.argv[1])); print(c.get("access_token") or c["AccessToken"])' "$adm/agentchat/config.json")
  BOOT_ROOM=$(curl -fsS -m 10 -H "Authorization: Bearer $BOOT_TOKEN" "$BOOT_HS/_matrix/client/v3/directory/room/%23aichat%3Alocalhost" | $PY -c 'import json,sys; print(json.load(sys.stdin)["room_id"])')
  out=$(curl -sS -m 10 -H "Authorization: Bearer $BOOT_TOKEN" "$BOOT_HS/_synapse/admin/v1/users/@claude-main:localhost/override_ratelimit")
  if [ "$(echo "$out" | tr -d ' ')" = '{"messages_per_second":0,"burst_count":0}' ]; then
    ok "booted unit: guide 5: cchat setup --lift-rate-limits as admin: room $BOOT_ROOM, override_ratelimit $out"
  else bad "booted unit: guide 5: claude-main's override_ratelimit is $out after cchat setup --lift-rate-limits"; fi
}

# Guide section 6: env file, enable --now; healthy on its port.
boot_guide_enable() {
  local out healthy='' state
  # shellcheck disable=SC2016 # expanded inside the container
  if ! out=$(in_boot env AGENTCHAT_HOMESERVER="$BOOT_HS" PORT="$BOOT_PORT" bash -euxc '
      printf "AGENTCHAT_HOMESERVER=%s\nAGENTCHAT_PORT=%s\n" "$AGENTCHAT_HOMESERVER" "$PORT" | tee /etc/agentchat/claude-main.env >/dev/null
      chmod 0600 /etc/agentchat/*.env
      systemctl enable --now agentchat@claude-main
      install -d -m 0700 -o agentchat -g agentchat /var/lib/agentchat/home' 2>&1); then
    bad "booted unit: guide 6: systemctl enable --now agentchat@claude-main failed"; echo "$out" | tail -10 | indent
  fi
  for _ in $(seq 1 150); do
    state=$(in_boot systemctl is-active agentchat@claude-main 2>/dev/null)
    [ "$state" = failed ] && break
    if [ "$state" = active ] && curl -fsS -m 2 "http://127.0.0.1:$BOOT_PORT/health" >/dev/null 2>&1; then healthy=1; break; fi
    sleep 0.2
  done
  if [ -n "$healthy" ]; then
    ok "booted unit: agentchat@claude-main is-active, /health 200 on its port, $(in_boot stat -c '%a %U' /var/lib/agentchat/claude-main) state dir, $(in_boot stat -c '%a %U' /run/agentchat) /run/agentchat"
  else
    bad "booted unit: agentchat@claude-main not healthy (is-active: $state)"; in_boot journalctl -u agentchat@claude-main --no-pager -n 20 | indent
    return 1
  fi
}

# The session alias (guide 6): status through the daemon, a send through its gateway; and the guide's .mcp.json
# for a Claude Code session next to the unit: cchat mcp as agentchat, with the recipe's args and env.
boot_session_alias() {
  local out text
  if in_boot sudo -u agentchat cchat status --help 2>/dev/null | grep -q -- '--daemon'; then
    if in_boot sudo -u agentchat env "${BOOT_ALIAS_ENV[@]}" cchat status --daemon >/dev/null 2>&1; then ok "booted unit: the session alias' cchat status --daemon exits 0"
    else bad "booted unit: the session alias' cchat status --daemon does not see a healthy daemon"; fi
  fi
  text="validate-deploy $$ $(date +%s%N)"
  out=$(in_boot sudo -u agentchat env "${BOOT_ALIAS_ENV[@]}" cchat send "$text" --kind status 2>&1)
  if [[ $out == *"(via gateway)"* ]]; then ok "booted unit: the session alias sends through the daemon: $out"
  else bad "booted unit: send as the session alias did not go through the gateway: $out"; fi
  out=$(curl -fsS -m 10 -H "Authorization: Bearer $BOOT_TOKEN" "$BOOT_HS/_matrix/client/v3/rooms/$BOOT_ROOM/messages?dir=b&limit=20" 2>&1)
  if [[ $out == *"$text"* ]]; then ok "booted unit: the message is in the room (read back as the admin)"
  else bad "booted unit: the message did not reach the room"; fi

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
}

# A clean stop: quick, not failed, discovery file removed, registry entry offline.
boot_clean_stop() {
  local out t0 ms result
  t0=$(date +%s%N)
  in_boot systemctl stop agentchat@claude-main
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  result="$(in_boot systemctl show -p ActiveState --value agentchat@claude-main) $(in_boot systemctl show -p Result --value agentchat@claude-main)"
  out=$(curl -fsS -m 10 -H "Authorization: Bearer $BOOT_TOKEN" "$BOOT_HS/_matrix/client/v3/rooms/$BOOT_ROOM/state/com.aiagentchat.instance/@claude-main:localhost" \
        | $PY -c 'import json,sys; print(json.load(sys.stdin).get("status"))' 2>&1)
  if [ "$result" = "inactive success" ] && [ $ms -lt 10000 ] && ! in_boot test -e /run/agentchat/claude-main.json; then
    ok "booted unit: systemctl stop in $ms ms, inactive (success), discovery file removed; registry entry: $out"
  else bad "booted unit: stop took $ms ms, state '$result', discovery file $(in_boot test -e /run/agentchat/claude-main.json && echo left || echo removed)"; fi
  [ "$out" = offline ] || bad "booted unit: registry entry after stop is '$out', expected offline"
  if in_boot sudo -u agentchat cchat status --help 2>/dev/null | grep -q -- '--daemon'; then
    if in_boot sudo -u agentchat env "${BOOT_ALIAS_ENV[@]}" cchat status --daemon >/dev/null 2>&1; then bad "booted unit: cchat status --daemon exits 0 with the unit stopped"
    else ok "booted unit: with the unit stopped, the session alias' cchat status --daemon exits non-zero"; fi
  fi
}

# The user unit (guide 6): install, lingering, credentials, its own port.
boot_user_unit() {
  local out healthy='' uid seen where=/home/alice/.local/state/agentchat/claude-user
  # shellcheck disable=SC2016 # expanded inside the container
  if ! out=$(in_boot env AGENTCHAT_HOMESERVER="$BOOT_HS" AGENTCHAT_REGISTRATION_SECRET="$BOOT_SECRET" PORT="$BOOT_UPORT" bash -euxc '
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
    bad "booted unit: user unit (install, linger, register, enable --now) failed"; echo "$out" | tail -12 | indent; return 1
  fi
  for _ in $(seq 1 150); do
    if curl -fsS -m 2 "http://127.0.0.1:$BOOT_UPORT/health" >/dev/null 2>&1; then healthy=1; break; fi
    sleep 0.2
  done
  uid=$(in_boot id -u alice)
  out=$(in_boot runuser -u alice -- env XDG_RUNTIME_DIR="/run/user/$uid" HOME=/home/alice cchat status --json 2>&1)
  seen=$(echo "$out" | $PY -c 'import json,sys; d=json.load(sys.stdin); print(d["mode"], next(s.get("value") for s in d["settings"] if s["name"]=="state_dir"))' 2>&1)
  if [ -n "$healthy" ] && in_boot test -f "/run/user/$uid/agentchat/claude-user.json" && [ "$(in_boot stat -c %a "$where" 2>&1)" = 700 ] \
     && [[ $seen != direct* ]] && [ "${seen#* }" = "$where" ]; then
    ok "booted unit: user unit agentchat@claude-user healthy on its own port with lingering; plain cchat status finds it ($seen)"
  else bad "booted unit: user unit: healthy=${healthy:-no}, cchat status sees '$seen', $where is $(in_boot stat -c %a "$where" 2>&1)"; echo "$out" | tail -5 | indent
       in_boot runuser -u alice -- env XDG_RUNTIME_DIR="/run/user/$uid" journalctl --user -u agentchat@claude-user --no-pager -n 15 2>&1 | indent; fi
}
