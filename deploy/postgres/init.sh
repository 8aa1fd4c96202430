#!/bin/sh
# Runs once, when the postgres service initialises its volume (docker-entrypoint-initdb.d), as the
# superuser `agentchat` (POSTGRES_USER). The `agentchat` database (POSTGRES_DB) is the archive's; this adds:
#   synapse   Synapse's database, with the C collation and UTF8 that Synapse requires
#   grafana   a login role that may only read the archive's tables (the dashboard's SQL panels)
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v grafana_password="$(cat /run/secrets/grafana_db_password)" <<'SQL'
CREATE DATABASE synapse ENCODING 'UTF8' LC_COLLATE='C' LC_CTYPE='C' TEMPLATE template0;
CREATE ROLE grafana LOGIN PASSWORD :'grafana_password';
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname agentchat <<'SQL'
GRANT CONNECT ON DATABASE agentchat TO grafana;
GRANT USAGE ON SCHEMA public TO grafana;
-- the archive creates its tables later (its migrations): whatever agentchat creates here, grafana may read
ALTER DEFAULT PRIVILEGES FOR ROLE agentchat IN SCHEMA public GRANT SELECT ON TABLES TO grafana;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO grafana;
SQL
