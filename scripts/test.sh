#!/usr/bin/env bash
# Every test: build with warnings as errors, publish the Native AOT cchat (its tests run the real binary),
# then the xunit suite against a real Synapse that the tests start themselves (needs root; see scripts/synapse.sh).
# Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Sync).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# A real MCP client for McpInspectorTests, cached outside the checkout like the Synapse chroot. 0.15.0 is the
# newest Inspector that runs on Debian's Node 20 (later ones need Node 22); its --cli mode is what the test drives.
inspector=/var/cache/agentchat/mcp-inspector
if [ ! -x "$inspector/node_modules/.bin/mcp-inspector" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  echo "test.sh: installing the MCP Inspector into $inspector"
  npm install --prefix "$inspector" --no-audit --no-fund @modelcontextprotocol/inspector@0.15.0 >/dev/null
fi

# The real Claude Code for tests/AgentChat.Tests/ClaudeCode (driven by a scripted stand-in model on loopback), cached
# the same way. 2.1.197 is the newest release that still declares Node 18+ (later ones want Node 22); the package
# ships a native binary, which its postinstall puts in place of bin/claude.exe. tmux runs its interactive sessions.
# To prove a newer Claude Code, change the pin here and in ClaudeCodeInstall.cs (see docs/claude-code.md).
claude_code=/var/cache/agentchat/claude-code
claude_code_version=2.1.197
if ! "$claude_code/node_modules/.bin/claude" --version 2>/dev/null | grep -q "^$claude_code_version "; then
  if ! command -v npm >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  echo "test.sh: installing Claude Code $claude_code_version into $claude_code"
  npm install --prefix "$claude_code" --no-audit --no-fund "@anthropic-ai/claude-code@$claude_code_version" >/dev/null
fi
if ! command -v tmux >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tmux >/dev/null
fi

# A real PostgreSQL for the archive's tests (Debian's package; each run starts its own cluster).
bash scripts/postgres.sh install

# Prometheus and promtool (Debian's prometheus package) for the metrics and dashboard tests. Only the binaries
# are used: the tests start their own Prometheus; the package's system service is not needed.
if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi

dotnet build AgentChat.slnx -c Release -warnaserror -nologo -clp:ErrorsOnly
bash scripts/publish.sh artifacts/cchat
export AGENTCHAT_CCHAT_BINARY=${AGENTCHAT_CCHAT_BINARY:-$PWD/artifacts/cchat/cchat}

log=$(mktemp)
status=0
dotnet test AgentChat.slnx -c Release --no-build --blame-hang-timeout 5m "$@" 2>&1 | tee "$log" || status=$?
# One plain closing line for any reader: 'N passed, N failed, N skipped'.
summary=$(grep -a -E '(Passed|Failed)!' "$log" | tail -n 1 || true)
passed=$(sed -n 's/.*Passed: *\([0-9]*\).*/\1/p' <<<"$summary")
failed=$(sed -n 's/.*Failed: *\([0-9]*\).*/\1/p' <<<"$summary")
skipped=$(sed -n 's/.*Skipped: *\([0-9]*\).*/\1/p' <<<"$summary")
rm -f "$log"
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "$status" -eq 0 ] && [ "${passed:-0}" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit "$status"
