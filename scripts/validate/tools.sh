# shellcheck shell=bash disable=SC2154,SC2034 # globals of scripts/validate-deploy.sh; the flags it sets are read by the other areas
# scripts/validate-deploy.sh, area "tools": what the checks need, installed when missing (apt-get as root, npm into
# $TOOLS). Sets have_apt, COMPOSE, HADOLINT, have_node and have_synapse for the areas after it.

validate_tools() {
  section "tools"
  have_apt=1
  apt_install systemd python3-yaml yamllint shellcheck docker-compose git || have_apt=0
  for t in systemd-analyze systemd-sysusers yamllint shellcheck git; do
    command -v "$t" >/dev/null || { echo "  missing $t"; have_apt=0; }
  done
  # Debian 12 packages docker-compose 1.29 (a command); newer Debian packages Compose v2 (a docker plugin).
  if command -v docker-compose >/dev/null; then COMPOSE=(docker-compose)
  elif docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose)
  else COMPOSE=(); echo "  missing docker-compose"; have_apt=0; fi
  if [ "$have_apt" = 1 ]; then ok "systemd-analyze $(systemd-analyze --version | head -1 | awk '{print $2}'), yamllint, shellcheck, ${COMPOSE[*]} $("${COMPOSE[@]}" version --short 2>/dev/null)"; fi
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
      [ "$have_node" = 1 ] && ok "node $node_version, $GITLAB_CI_LOCAL, $DOCKERLINTER (in $TOOLS)"
    else
      echo "  node $node_version is older than 20.11"
    fi
  fi
  [ "$have_node" = 1 ] || echo "  gitlab-ci-local and dockerlinter unavailable: their checks are skipped"

  # A throwaway Synapse config dir inside scripts/synapse.sh's chroot, so Synapse itself can load configs.
  have_synapse=0
  if [ "$(id -u)" = 0 ] && [ -x "$SYNAPSE_ROOT/usr/bin/python3" ] && chroot "$SYNAPSE_ROOT" python3 -c 'import synapse' 2>/dev/null; then
    have_synapse=1
    echo "  Synapse $(chroot "$SYNAPSE_ROOT" python3 -c 'import synapse; print(synapse.__version__)') from $SYNAPSE_ROOT loads the configs"
  else
    echo "  no Synapse chroot at $SYNAPSE_ROOT (\`sudo bash scripts/synapse.sh install\` makes one): Synapse config loading is skipped"
  fi
}
