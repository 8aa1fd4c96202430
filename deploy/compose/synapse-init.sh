#!/bin/sh
# One-shot, in the Synapse image as root: give the data volume to Synapse's user, write the database
# config (PostgreSQL; its password from the compose secret, so it is never in a file under deploy/), and
# create the signing key on first start. Safe to run again (an existing key is kept).
set -eu
chown 991:991 /data
umask 077
password=$(cat /run/secrets/postgres_password)
cat >/data/database.yaml <<YAML
# Written by synapse-init.sh on every start; Synapse loads it after /config/homeserver.yaml.
database:
  name: psycopg2
  args:
    user: agentchat
    password: "$password"
    dbname: synapse
    host: postgres
    port: 5432
    cp_min: 5
    cp_max: 10
YAML
chown 991:991 /data/database.yaml
exec gosu 991:991 python -m synapse.app.homeserver --config-path /config/homeserver.yaml --config-path /data/database.yaml --generate-keys
