#!/usr/bin/env bash
# Publishes the Native AOT cchat binary for linux-x64 into artifacts/cchat/cchat; any trim or AOT warning fails it.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/cchat}
dotnet publish src/AgentChat.Cli/AgentChat.Cli.csproj -c Release -r linux-x64 -o "$out" -warnaserror -nologo -clp:ErrorsOnly
rm -f "$out"/*.dbg "$out"/*.pdb
echo "published $out/cchat ($(du -h "$out/cchat" | cut -f1))"
