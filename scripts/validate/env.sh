# shellcheck shell=bash disable=SC2154
# scripts/validate-deploy.sh, area "env": deploy/systemd/agentchat.env.example, an EnvironmentFile whose every key
# (commented examples included) is one AgentChat reads.

validate_env() {
  section "env: deploy/systemd/agentchat.env.example"

  # KEY=VALUE lines of an EnvironmentFile, commented examples included; every key must be one AgentChat reads.
  if out=$($PY - deploy/systemd/agentchat.env.example 2>&1 <<'PY'
import re, sys
known = {"AGENTCHAT_HOMESERVER", "AGENTCHAT_USER_ID", "AGENTCHAT_ACCESS_TOKEN", "AGENTCHAT_INSTANCE", "AGENTCHAT_ROOM",
         "AGENTCHAT_STATE_DIR", "AGENTCHAT_GATEWAY", "AGENTCHAT_REGISTRATION_SECRET", "AGENTCHAT_PORT", "AGENTCHAT_BIND",
         "AGENTCHAT_HEARTBEAT_INTERVAL", "AGENTCHAT_REGISTRY_TTL"}
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
}
