# shellcheck shell=bash disable=SC2154 # ROOT is the caller's
# Config pieces synapse.sh and federation.sh both write (sourced by both).

# Synapse rate limits lifted so far that agents and tests never meet them.
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

# Synapse's logging config at $ROOT$1/log.yaml: warnings and up, to $1/homeserver.log inside the chroot.
write_log_config() {
  cat >"$ROOT$1/log.yaml" <<YAML
version: 1
formatters: {precise: {format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(message)s'}}
handlers: {file: {class: logging.FileHandler, formatter: precise, filename: $1/homeserver.log}}
root: {level: WARNING, handlers: [file]}
loggers: {synapse.access: {level: WARNING}}
disable_existing_loggers: false
YAML
}
