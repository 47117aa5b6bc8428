#!/bin/sh
set -e
echo "Preparing the database before PostgreSQL starts"
exec /usr/local/bin/docker-entrypoint.sh "$@"
