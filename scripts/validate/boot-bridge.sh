# shellcheck shell=bash disable=SC2154
# scripts/validate-deploy.sh, area "booted" (continued): agentchat-bridge@.service in the container boot.sh booted, as
# docs/bridge.md's set-up says: the unit installed, the account registered as agentchat and invited by the admin,
# an env file, enable --now. A stand-in `claude` on PATH in the container (a shell script printing a valid
# stream-json result; the real Claude Code runs in the bridge's end-to-end tests) reports what the unit's sandbox
# lets it do: write its HOME and /tmp, read the MCP config, not write outside its state dir (ProtectSystem=strict)
# even where agentchat owns the directory, see ANTHROPIC_API_KEY but no AGENTCHAT_*.
# Checks: active and healthy on its port, in `cchat who` as kind persistent with the env file's description,
# `cchat status --daemon` as its instance, a
# human's `!claude` answered in its thread with the stand-in's report and cost in meta.bridge, the state dir 0700,
# neither the API key nor a token in the journal, and after `systemctl restart` a second `!claude` answered while
# the first still has one answer only.

BRIDGE_ALIAS_ENV=(HOME=/var/lib/agentchat/home XDG_RUNTIME_DIR=/run XDG_CONFIG_HOME=/etc/agentchat/claude-main
                  AGENTCHAT_STATE_DIR=/var/lib/agentchat/claude-main AGENTCHAT_INSTANCE=claude-main)

# The stand-in for Claude Code: reads the prompt from stdin, answers with one result line naming what it could do.
# shellcheck disable=SC2016 # a script for the container, expanded there
BRIDGE_STANDIN_CLAUDE='#!/bin/sh
prompt=$(cat)
sid="standin-$(date +%s%N)"
home=no; mkdir -p "$HOME/.claude/projects" && printf "%s\n" "$prompt" >"$HOME/.claude/projects/$sid.txt" && home=yes
tmp=no; echo x >"/tmp/standin.$$" && rm -f "/tmp/standin.$$" && tmp=yes
other=read-only; if touch /var/lib/agentchat/home/standin-was-here 2>/dev/null; then other=writable; fi
key=unset; [ -n "${ANTHROPIC_API_KEY:-}" ] && key=set
vars=$(env | grep -c "^AGENTCHAT_")
mcp=no; prev=""
for a in "$@"; do [ "$prev" = --mcp-config ] && [ -r "$a" ] && grep -q "\"mcp\"" "$a" && mcp=yes; prev=$a; done
printf "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"%s\",\"model\":\"standin\"}\n" "$sid"
printf "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"duration_ms\":7,\"num_turns\":1,\"result\":\"standin answer: user=%s cwd=%s home=%s tmp=%s elsewhere=%s key=%s agentchat_vars=%s mcp=%s\",\"session_id\":\"%s\",\"total_cost_usd\":0.0042,\"usage\":{\"input_tokens\":11,\"output_tokens\":22}}\n" \
  "$(id -un)" "$(pwd)" "$home" "$tmp" "$other" "$key" "$vars" "$mcp" "$sid"
'

boot_bridge_unit() {
  local out t0 port key state healthy='' ev1 ev2 text envfile
  t0=$(date +%s)
  port=$(free_port)
  key="sk-ant-validate-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  # docs/bridge.md set-up 1-3 in the container, as root: unit, stand-in claude, account, env file.
  # shellcheck disable=SC2016 # expanded inside the container
  if ! out=$(in_boot env AGENTCHAT_HOMESERVER="$BOOT_HS" AGENTCHAT_REGISTRATION_SECRET="$BOOT_SECRET" PORT="$port" KEY="$key" \
      STANDIN="$BRIDGE_STANDIN_CLAUDE" bash -euc '
      cd /src
      install -m 0644 "deploy/systemd/agentchat-bridge@.service" /etc/systemd/system/
      printf "%s" "$STANDIN" >/usr/local/bin/claude; chmod 0755 /usr/local/bin/claude
      systemctl daemon-reload
      agent=claude-bridge
      install -d -m 0700 -o agentchat -g agentchat "/etc/agentchat/$agent"
      sudo --preserve-env=AGENTCHAT_HOMESERVER,AGENTCHAT_REGISTRATION_SECRET -u agentchat \
        env XDG_CONFIG_HOME="/etc/agentchat/$agent" cchat register "$agent" >/dev/null
      (umask 077; printf "AGENTCHAT_HOMESERVER=%s\nAGENTCHAT_PORT=%s\nANTHROPIC_API_KEY=%s\nAGENTCHAT_BRIDGE_DESCRIPTION=%s\n" \
        "$AGENTCHAT_HOMESERVER" "$PORT" "$KEY" "validate-deploy bridge: write !claude" >"/etc/agentchat/$agent.env")
      stat -c "%a %U" "/etc/agentchat/$agent.env"' 2>&1); then
    bad "bridge unit: install, stand-in claude, register, env file failed"; echo "$out" | tail -10 | indent; return 1
  fi
  envfile=$(echo "$out" | tail -1)
  if ! out=$( (export XDG_CONFIG_HOME=$WORK/boot-admin AGENTCHAT_HOMESERVER=$BOOT_HS
               "$BOOT_BIN" setup --invite @claude-bridge:localhost --lift-rate-limits @claude-bridge:localhost) 2>&1); then
    bad "bridge unit: cchat setup --invite @claude-bridge:localhost as admin failed"; echo "$out" | tail -5 | indent; return 1
  fi
  in_boot systemctl enable --now agentchat-bridge@claude-bridge >/dev/null 2>&1
  for _ in $(seq 1 200); do
    state=$(in_boot systemctl is-active agentchat-bridge@claude-bridge 2>/dev/null)
    [ "$state" = failed ] && break
    if [ "$state" = active ] && curl -fsS -m 2 "http://127.0.0.1:$port/health" >/dev/null 2>&1; then healthy=1; break; fi
    sleep 0.3
  done
  if [ -z "$healthy" ]; then
    bad "bridge unit: agentchat-bridge@claude-bridge not healthy (is-active: $state)"
    in_boot journalctl -u agentchat-bridge@claude-bridge --no-pager -n 25 | indent; return 1
  fi
  ok "bridge unit: agentchat-bridge@claude-bridge active, /health 200 on its port, state dir $(in_boot stat -c '%a %U' /var/lib/agentchat/claude-bridge), env file $envfile"

  bridge_who_check
  # The compose service's health check, here as the bridge's instance: its in-process daemon counts.
  if out=$(in_boot sudo -u agentchat env HOME=/var/lib/agentchat/claude-bridge XDG_RUNTIME_DIR=/run XDG_CONFIG_HOME=/etc/agentchat/claude-bridge \
       AGENTCHAT_STATE_DIR=/var/lib/agentchat/claude-bridge AGENTCHAT_INSTANCE=claude-bridge cchat status --daemon 2>&1); then
    ok "bridge unit: cchat status --daemon as claude-bridge exits 0 (the compose service's health check)"
  else bad "bridge unit: cchat status --daemon as claude-bridge fails: $(echo "$out" | tail -2)"; fi
  if ev1=$(bridge_ask "first") && text=$(bridge_answer "$ev1"); then
    bridge_check_answer "$text" "a human's !claude answered in its thread"
  else bad "bridge unit: no answer to a human's !claude within 60 s ($ev1)"; bridge_journal; fi

  out=$(in_boot journalctl -u agentchat-bridge@claude-bridge --no-pager -o cat 2>&1)
  if [[ $out == *"$key"* ]] || [[ $out == *syt_* ]]; then bad "bridge unit: the API key or an access token is in the bridge's journal"
  else ok "bridge unit: neither the API key nor an access token in its journal ($(echo "$out" | wc -l) lines)"; fi

  # restart: back and answering; the first question is not answered again.
  local t1 ms
  t1=$(date +%s%N)
  in_boot systemctl restart agentchat-bridge@claude-bridge
  ms=$(( ($(date +%s%N) - t1) / 1000000 ))
  healthy=''
  for _ in $(seq 1 200); do
    if [ "$(in_boot systemctl is-active agentchat-bridge@claude-bridge 2>/dev/null)" = active ] \
       && curl -fsS -m 2 "http://127.0.0.1:$port/health" >/dev/null 2>&1; then healthy=1; break; fi
    sleep 0.3
  done
  out=$(in_boot systemctl show -p NRestarts -p Result --value agentchat-bridge@claude-bridge | tr '\n' ' ')
  if [ -n "$healthy" ]; then ok "bridge unit: systemctl restart in $ms ms, active and healthy again (NRestarts Result: $out)"
  else bad "bridge unit: not healthy after systemctl restart ($out)"; bridge_journal; return 1; fi
  if ev2=$(bridge_ask "second") && text=$(bridge_answer "$ev2"); then
    bridge_check_answer "$text" "after the restart, a second !claude answered"
  else bad "bridge unit: after the restart, no answer to a second !claude within 60 s ($ev2)"; bridge_journal; fi
  if [[ $ev1 == \$* ]]; then
    out=$(bridge_answers_to "$ev1")
    if [ "$out" = 1 ]; then ok "bridge unit: the first !claude still has exactly one answer after the restart"
    else bad "bridge unit: the first !claude has $out answers after the restart"; fi
  fi
  in_boot systemctl stop agentchat-bridge@claude-bridge
  out="$(in_boot systemctl show -p ActiveState --value agentchat-bridge@claude-bridge) $(in_boot systemctl show -p Result --value agentchat-bridge@claude-bridge)"
  if [ "$out" = "inactive success" ]; then ok "bridge unit: stopped cleanly (inactive, success); whole bridge check $(( $(date +%s) - t0 )) s"
  else bad "bridge unit: after stop: $out"; fi
}

# cchat who, as the session alias of claude-main (through its daemon): the bridge alive, persistent, described.
bridge_who_check() {
  local out seen=''
  for _ in $(seq 1 60); do
    out=$(in_boot sudo -u agentchat env "${BRIDGE_ALIAS_ENV[@]}" cchat who --json 2>&1)
    seen=$(echo "$out" | $PY -c '
import json, sys
for i in json.load(sys.stdin)["instances"]:
    if i["instance"] == "claude-bridge":
        print(i["alive"], i["kind"], "|", i.get("description"), "|", ",".join(i.get("capabilities") or []))' 2>/dev/null)
    [[ $seen == "True persistent | validate-deploy bridge: write !claude |"* ]] && break
    sleep 0.5
  done
  if [[ $seen == "True persistent | validate-deploy bridge: write !claude |"* ]]; then
    ok "bridge unit: cchat who (through claude-main's daemon) lists claude-bridge alive, kind persistent, its description: $seen"
  else bad "bridge unit: cchat who shows claude-bridge as '$seen'"; echo "$out" | tail -5 | indent; fi
}

# Posts "!claude ..." as the admin (no agent entry: a human) with a raw Matrix PUT; prints the event id.
bridge_ask() {
  local body out
  body=$($PY -c 'import json,sys; print(json.dumps({"msgtype": "m.text", "body": "!claude validate-deploy " + sys.argv[1] + " question"}))' "$1")
  out=$(curl -sS -m 10 -X PUT -H "Authorization: Bearer $BOOT_TOKEN" -H 'Content-Type: application/json' -d "$body" \
        "$BOOT_HS/_matrix/client/v3/rooms/$BOOT_ROOM/send/m.room.message/validate-bridge-$$-$1" 2>&1)
  echo "$out" | $PY -c 'import json,sys; print(json.load(sys.stdin)["event_id"])' 2>/dev/null || { echo "$out"; return 1; }
}

# The room's recent messages from the bridge that answer EVENT: "COUNT\tBODY\tTHREAD_ROOT\tCOST" (the newest).
bridge_scan() {
  curl -fsS -m 10 -H "Authorization: Bearer $BOOT_TOKEN" "$BOOT_HS/_matrix/client/v3/rooms/$BOOT_ROOM/messages?dir=b&limit=100" \
  | $PY -c '
import json, sys
ev = sys.argv[1]
hits = []
for e in json.load(sys.stdin)["chunk"]:
    c = e.get("content") or {}
    b = ((c.get("com.aiagentchat.meta") or {}).get("bridge") or {})
    if e.get("sender") == "@claude-bridge:localhost" and b.get("answers") == ev:
        hits.append((c.get("body", ""), (c.get("m.relates_to") or {}).get("event_id"), b.get("cost_usd")))
if hits:
    body, root, cost = hits[0]
    print(f"{len(hits)}\t{body}\t{root}\t{cost}")
else:
    print("0")' "$1"
}

bridge_answers_to() { bridge_scan "$1" | cut -f1; }

# Waits up to 60 s for the answer to EVENT; prints "BODY (thread: ROOT, cost_usd: COST)".
bridge_answer() {
  local row
  for _ in $(seq 1 120); do
    row=$(bridge_scan "$1" 2>/dev/null)
    if [ "${row%%$'\t'*}" != 0 ] && [ -n "$row" ]; then
      IFS=$'\t' read -r _ body root cost <<<"$row"
      [ "$root" = "$1" ] || { echo "not in the question's thread (relates to $root): $body"; return 0; }
      echo "$body (cost_usd $cost)"; return 0
    fi
    sleep 0.5
  done
  return 1
}

bridge_check_answer() { # TEXT LABEL: the stand-in's report says the sandbox let it work, and no more
  local want='standin answer: user=agentchat cwd=/var/lib/agentchat/claude-bridge/bridge/work home=yes tmp=yes elsewhere=read-only key=set agentchat_vars=0 mcp=yes (cost_usd 0.0042)'
  if [ "$1" = "$want" ]; then ok "bridge unit: $2: $1"
  else bad "bridge unit: $2, but the answer is '$1', expected '$want'"; fi
}

bridge_journal() { in_boot journalctl -u agentchat-bridge@claude-bridge --no-pager -n 20 -o cat 2>&1 | indent; }
