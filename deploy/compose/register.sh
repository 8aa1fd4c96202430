#!/bin/sh
# One-shot, in the cchat image: create agent NAME's Matrix account with the registration shared secret
# and keep its credentials in the agent's volume ($XDG_CONFIG_HOME/agentchat/config.json).
# Does nothing when the volume already holds credentials, so `docker compose up` can run it every time.
set -eu
name=${1:?usage: register.sh NAME}
if [ -s "$XDG_CONFIG_HOME/agentchat/config.json" ]; then
  echo "register: $name already has credentials in its volume"
  exit 0
fi
AGENTCHAT_REGISTRATION_SECRET=$(cat /run/secrets/registration_shared_secret)
export AGENTCHAT_REGISTRATION_SECRET
exec cchat register "$name"
