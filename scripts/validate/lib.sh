# shellcheck shell=bash disable=SC2154 # REPO, WORK, PY, SYNAPSE_ROOT come from scripts/validate-deploy.sh
# What every area of scripts/validate-deploy.sh uses (sourced): the check counters and their output, apt-get for
# missing tools, and loading a Synapse config with Synapse itself.

failed=0 skipped=0 passed=0
ok()   { passed=$((passed + 1)); printf '  ok    %s\n' "$*"; }
bad()  { failed=$((failed + 1)); printf '  FAIL  %s\n' "$*"; }
skip() { skipped=$((skipped + 1)); printf '  SKIP  %s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }
indent() { sed 's/^/        /'; }

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
