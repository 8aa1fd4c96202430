# shellcheck shell=bash disable=SC2154
# scripts/validate-deploy.sh, area "systemd": the template unit (system and user) with `systemd-analyze verify` on a
# copy whose ExecStart is a stub, its sandboxing with `systemd-analyze security --offline`, the sysusers file with
# `systemd-sysusers --root`; the bridge's unit verified and scored the same way.

validate_systemd() {
  section "systemd: deploy/systemd/"
  if command -v systemd-analyze >/dev/null; then
    stub="$WORK/bin/cchat"; mkdir -p "$WORK/bin" "$WORK/system" "$WORK/user" "$WORK/run"
    printf '#!/bin/sh\nexit 0\n' >"$stub"; chmod 0755 "$stub"
    sed "s#^ExecStart=/usr/local/bin/cchat #ExecStart=$stub #" deploy/systemd/agentchat@.service >"$WORK/system/agentchat@.service"
    sed "s#^ExecStart=/usr/local/bin/cchat #ExecStart=$stub #" deploy/systemd/user/agentchat@.service >"$WORK/user/agentchat@.service"
    grep -q "^ExecStart=$stub daemon\$" "$WORK/system/agentchat@.service" || bad "agentchat@.service: ExecStart is not '/usr/local/bin/cchat daemon'"

    out=$(systemd-analyze --man=no verify "$WORK/system/agentchat@claude-main.service" 2>&1); rc=$?
    if [ $rc = 0 ] && [ -z "$out" ]; then ok "agentchat@.service: systemd-analyze verify agentchat@claude-main.service (no warnings)"
    else bad "agentchat@.service: systemd-analyze verify (rc=$rc)"; echo "$out" | indent; fi

    out=$(XDG_RUNTIME_DIR="$WORK/run" systemd-analyze --user --man=no verify "$WORK/user/agentchat@claude-main.service" 2>&1); rc=$?
    if [ $rc = 0 ] && [ -z "$out" ]; then ok "user/agentchat@.service: systemd-analyze --user verify (no warnings)"
    else bad "user/agentchat@.service: systemd-analyze --user verify (rc=$rc)"; echo "$out" | indent; fi

    out=$(systemd-analyze security --offline=yes --threshold=25 --no-pager "$WORK/system/agentchat@claude-main.service" 2>&1); rc=$?
    level=$(echo "$out" | grep -o 'exposure level for [^:]*: [0-9.]* [A-Z]*' | awk '{print $(NF-1), $NF}')
    if [ $rc = 0 ]; then ok "agentchat@.service: systemd-analyze security --offline: exposure ${level:-?} (must stay <= 2.5)"
    else bad "agentchat@.service: sandboxing exposure above 2.5: $level"; echo "$out" | grep '✗' | indent; fi

    # The bridge's unit (docs/bridge.md); boot-bridge.sh starts it for real.
    sed "s#^ExecStart=/usr/local/bin/cchat #ExecStart=$stub #" deploy/systemd/agentchat-bridge@.service >"$WORK/system/agentchat-bridge@.service"
    out=$(systemd-analyze --man=no verify "$WORK/system/agentchat-bridge@claude-bridge.service" 2>&1); rc=$?
    if [ $rc = 0 ] && [ -z "$out" ] && grep -q "^ExecStart=$stub bridge\$" "$WORK/system/agentchat-bridge@.service"; then
      ok "agentchat-bridge@.service: systemd-analyze verify agentchat-bridge@claude-bridge.service (no warnings), ExecStart cchat bridge"
    else bad "agentchat-bridge@.service: systemd-analyze verify (rc=$rc)"; echo "$out" | indent; fi
    out=$(systemd-analyze security --offline=yes --threshold=25 --no-pager "$WORK/system/agentchat-bridge@claude-bridge.service" 2>&1); rc=$?
    level=$(echo "$out" | grep -o 'exposure level for [^:]*: [0-9.]* [A-Z]*' | awk '{print $(NF-1), $NF}')
    if [ $rc = 0 ]; then ok "agentchat-bridge@.service: systemd-analyze security --offline: exposure ${level:-?} (must stay <= 2.5)"
    else bad "agentchat-bridge@.service: sandboxing exposure above 2.5: $level"; echo "$out" | grep '✗' | indent; fi

    for want in 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes' 'Restart=on-failure' \
                'KillSignal=SIGTERM' 'TimeoutStopSec=15' 'StateDirectory=agentchat/%i' 'RuntimeDirectory=agentchat' \
                'RuntimeDirectoryPreserve=yes' 'Environment=AGENTCHAT_STATE_DIR=%S/agentchat/%i' 'Environment=XDG_RUNTIME_DIR=%t' \
                'EnvironmentFile=/etc/agentchat/%i.env' 'Type=exec'; do
      grep -qxF "$want" deploy/systemd/agentchat@.service || missing_keys="${missing_keys:-} $want"
    done
    if [ -z "${missing_keys:-}" ]; then ok "agentchat@.service: sandboxing, restart, stop and directory settings present"
    else bad "agentchat@.service lacks:$missing_keys"; fi

    mkdir -p "$WORK/sysroot/etc"
    if out=$(systemd-sysusers --root="$WORK/sysroot" "$REPO/deploy/systemd/agentchat.sysusers.conf" 2>&1) \
       && grep -q '^agentchat:' "$WORK/sysroot/etc/passwd"; then
      ok "agentchat.sysusers.conf: systemd-sysusers creates $(grep '^agentchat:' "$WORK/sysroot/etc/passwd" | cut -d: -f1,6,7)"
    else bad "agentchat.sysusers.conf: systemd-sysusers failed"; echo "$out" | indent; fi
  else
    skip "systemd-analyze not available"
  fi
}
