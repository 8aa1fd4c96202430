# shellcheck shell=bash
# Synapse rate limits lifted so far that agents and tests never meet them (sourced by synapse.sh and federation.sh).
relaxed_rate_limits() {
  local big='{per_second: 10000, burst_count: 10000}'
  cat <<YAML
rc_message: $big
rc_registration: $big
rc_login: {address: $big, account: $big, failed_attempts: $big}
rc_joins: {local: $big, remote: $big}
rc_joins_per_room: $big
rc_invites: {per_room: $big, per_user: $big, per_issuer: $big}
rc_admin_redaction: $big
rc_3pid_validation: $big
rc_presence: {per_user: $big}
rc_delayed_event_mgmt: $big
rc_room_creation: $big
rc_reports: $big
YAML
}
