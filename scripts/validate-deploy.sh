#!/usr/bin/env bash
# Validates the deployment files as far as a machine without a Docker engine can:
#
#   bash scripts/validate-deploy.sh
#
# One file per area in scripts/validate/, run in this order (each file's head says what it checks):
#   tools.sh     what the checks need, installed when missing
#   systemd.sh   the units (system and user): systemd-analyze verify and security --offline, the sysusers file
#   env.sh       the example env file: KEY=VALUE lines, only AgentChat's variables
#   boot.sh      the system unit booted under systemd-nspawn with the published cchat and a real Synapse, following
#                the guide, and the user unit with lingering (root only; see docs/trying-deploy.md)
#   boot-bridge.sh  in the same container: the bridge unit with a stand-in claude (docs/bridge.md's set-up)
#   compose.sh   YAML lint, `docker-compose config`, the files the stack mounts, Element's and Synapse's configs
#   image.sh     Dockerfile lint, build inputs present and let through .dockerignore
#   ci.sh        .gitlab-ci.yml: schema and job graph (gitlab-ci-local), the jobs' commands, the CI Synapse config,
#                then the build job run for real by gitlab-ci-local (AGENTCHAT_VALIDATE_CI_RUN=0 skips that run)
#   shell.sh     shellcheck on the deploy scripts and on these
# lib.sh holds what they share: the ok/bad/skip counters, apt_install, synapse_load.
#
# Installs what it lacks with apt-get (root) and npm (into $AGENTCHAT_VALIDATE_TOOLS, default
# /var/cache/agentchat/validate-tools). Exit: 1 when a check failed, else 0; a check whose tool could not
# be had is reported SKIP, and fails the run only with AGENTCHAT_VALIDATE_STRICT=1 (exit 2).
# Not -e: a failing command is a failed check, counted, and the run goes on.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
REPO=$PWD
PY=/usr/bin/python3
SYNAPSE_ROOT=${AGENTCHAT_SYNAPSE_ROOT:-/var/cache/agentchat/synapse-root}
if [ -n "${AGENTCHAT_VALIDATE_TOOLS:-}" ]; then TOOLS=$AGENTCHAT_VALIDATE_TOOLS
elif [ "$(id -u)" = 0 ]; then TOOLS=/var/cache/agentchat/validate-tools
else TOOLS=${XDG_CACHE_HOME:-$HOME/.cache}/agentchat/validate-tools
fi
GITLAB_CI_LOCAL=gitlab-ci-local@4.75.1
DOCKERLINTER=dockerlinter@2.0.0

# shellcheck source=scripts/validate/lib.sh
source scripts/validate/lib.sh
# shellcheck source=scripts/validate/tools.sh
source scripts/validate/tools.sh
# shellcheck source=scripts/validate/systemd.sh
source scripts/validate/systemd.sh
# shellcheck source=scripts/validate/env.sh
source scripts/validate/env.sh
# shellcheck source=scripts/validate/boot.sh
source scripts/validate/boot.sh
# shellcheck source=scripts/validate/boot-bridge.sh
source scripts/validate/boot-bridge.sh
# shellcheck source=scripts/validate/compose.sh
source scripts/validate/compose.sh
# shellcheck source=scripts/validate/image.sh
source scripts/validate/image.sh
# shellcheck source=scripts/validate/ci.sh
source scripts/validate/ci.sh
# shellcheck source=scripts/validate/shell.sh
source scripts/validate/shell.sh

WORK=$(mktemp -d)
trap 'boot_cleanup; rm -rf "$WORK"; [ -n "${SYN_DIR:-}" ] && rm -rf "$SYN_DIR"' EXIT

validate_tools
validate_systemd
validate_env
validate_boot
validate_compose
validate_image
validate_ci
validate_ci_run
validate_shell

section "summary"
echo "  result: $passed checks ok, $failed failed, $skipped skipped"
echo "  not checked here: building and running the image (bash deploy/try-image.sh, as root), the compose"
echo "  stack, a GitLab runner executing the pipeline. See docs/trying-deploy.md."
if [ "$failed" -gt 0 ]; then exit 1; fi
if [ "$skipped" -gt 0 ]; then
  echo "  INCOMPLETE: $skipped check(s) could not run here (see SKIP above)"
  [ "${AGENTCHAT_VALIDATE_STRICT:-0}" = 1 ] && exit 2
fi
exit 0
