#!/bin/sh
# Entrypoint of the compose stack's `bridge` service: `cchat bridge` (docs/bridge.md) once Claude Code is there.
# The cchat image does not include Claude Code. Give it one of two ways (docs/bridge.md, "Docker Compose"):
#   - a derived image that has `claude` on PATH, named by AGENTCHAT_BRIDGE_IMAGE;
#   - an install mounted into the container, with AGENTCHAT_BRIDGE_CLAUDE naming its executable.
# Without it the service stops at once with exit code 78 and says so, instead of a bridge that answers
# every question with "could not answer". ANTHROPIC_API_KEY comes from the anthropic_api_key secret when
# that file is not empty.
set -eu
claude=${AGENTCHAT_BRIDGE_CLAUDE:-claude}
if ! command -v "$claude" >/dev/null 2>&1; then
  echo "bridge: Claude Code not found: '$claude' is not an executable on PATH in this image. The cchat image does" \
    "not include it: build a derived image with it and set AGENTCHAT_BRIDGE_IMAGE, or mount an install and set" \
    "AGENTCHAT_BRIDGE_CLAUDE (docs/bridge.md, \"Docker Compose\")." >&2
  exit 78
fi
if ! version=$("$claude" --version 2>&1); then
  echo "bridge: '$claude --version' failed, so Claude Code cannot run in this container:" \
    "$(printf '%s' "$version" | head -c 300 | tr '\n' ' ')" >&2
  exit 78
fi
echo "bridge: Claude Code $(printf '%s' "$version" | head -1) at $(command -v "$claude")"
if [ -s /run/secrets/anthropic_api_key ]; then
  ANTHROPIC_API_KEY=$(cat /run/secrets/anthropic_api_key)
  export ANTHROPIC_API_KEY
fi
exec cchat bridge "$@"
