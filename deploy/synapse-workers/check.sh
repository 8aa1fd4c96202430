#!/usr/bin/env bash
# Checks deploy/synapse-workers with Synapse's own config validation (`python3 -m synapse.config`, the check Synapse's
# docs give), in the chroot scripts/synapse.sh builds: the main process, then each worker on top of it. As root.
#
# Redis cannot be checked here: with `redis: {enabled: true}` Synapse refuses to read the config unless its Redis client
# (txredisapi) is installed, and Debian does not package it. So the check runs twice: once as written, which must fail
# on exactly that requirement, and once with redis switched off (redis-off.yaml layered on top), which must pass.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=${AGENTCHAT_SYNAPSE_ROOT:-/var/cache/agentchat/synapse-root}
[ "$(id -u)" = 0 ] || { echo "check.sh: needs root (chroot)" >&2; exit 1; }
[ -x "$ROOT/usr/bin/python3" ] || { echo "check.sh: no Synapse chroot at $ROOT: run \`bash scripts/synapse.sh install\`" >&2; exit 1; }
inner=/srv/agentchat/workers-check-$$
trap 'rm -rf "${ROOT:?}$inner"' EXIT
mkdir -p "$ROOT$inner/workers"
# The files as written, with /etc/matrix-synapse and /var/... moved into the check's own folder.
for f in homeserver.yaml workers/*.yaml; do
  sed -e "s#/etc/matrix-synapse#$inner#g" -e "s#/var/lib/matrix-synapse#$inner#g" -e "s#/var/run/matrix-synapse#$inner#g" "$f" >"$ROOT$inner/$f"
done
echo "redis: {enabled: false}" >"$ROOT$inner/redis-off.yaml"
synapse() { chroot "$ROOT" python3 "$@"; }
# Signing key and log configs, as `--generate-keys` writes them on a new install (it reads the config too).
synapse -m synapse.app.homeserver -c "$inner/homeserver.yaml" -c "$inner/redis-off.yaml" --generate-keys >/dev/null
for f in "$ROOT$inner"/workers/*.yaml; do cp "$ROOT$inner/log.yaml" "$ROOT$inner/workers/$(basename "$f" .yaml).log.yaml" 2>/dev/null || true; done

status=0
check() { # LABEL EXPECT(pass|redis) CONFIG...
  local label=$1 expect=$2 out; shift 2
  local args=(); for c in "$@"; do args+=(-c "$inner/$c"); done
  if out=$(synapse -m synapse.config "${args[@]}" 2>&1); then
    if [ "$expect" = pass ]; then echo "ok    $label: ${out##*$'\n'}"; else echo "FAIL  $label: parsed, expected the txredisapi refusal"; status=1; fi
  elif [ "$expect" = redis ] && grep -q "txredisapi" <<<"$out"; then
    echo "ok    $label: refused as expected: $(grep -m1 -o 'Missing Requirement.*\|txredisapi.*' <<<"$out")"
  else
    echo "FAIL  $label: $out"; status=1
  fi
}
check "main process, redis on" redis homeserver.yaml
check "main process, redis off" pass homeserver.yaml redis-off.yaml
for f in workers/*.yaml; do
  check "$(basename "$f" .yaml), redis off" pass homeserver.yaml "$f" redis-off.yaml
done
exit $status
