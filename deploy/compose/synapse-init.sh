#!/bin/sh
# One-shot, in the Synapse image as root: give the data volume to Synapse's user and create the
# signing key on first start. Safe to run again (an existing key is kept).
set -eu
chown 991:991 /data
exec gosu 991:991 python -m synapse.app.homeserver --config-path /config/homeserver.yaml --generate-keys
