# shellcheck shell=bash
# scripts/validate-deploy.sh, area "shell": shellcheck on the deploy scripts, on validate-deploy and its areas.

validate_shell() {
  section "shell scripts"
  if command -v shellcheck >/dev/null; then
    for f in deploy/compose/*.sh deploy/postgres/*.sh deploy/try-image.sh scripts/validate-deploy.sh scripts/validate/*.sh scripts/audit.sh; do
      if out=$(shellcheck -x "$f" 2>&1); then ok "$f: shellcheck"; else bad "$f: shellcheck"; echo "$out" | indent; fi
    done
  else skip "shellcheck not available"; fi
}
