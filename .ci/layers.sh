#!/usr/bin/env bash
# Layers: the diesel queries live in src/db/. Fails if a file under src/services/, src/jobs/,
# src/routes/ or src/web/ names diesel or the schema at all (they reach the database through
# crate::db's functions, the Db handle and crate::db::write_transaction).
set -euo pipefail
cd "$(dirname "$0")/.."
if grep -rnE 'schema::|\bdiesel(::|\b)' src/services src/jobs src/routes src/web; then
    echo "error: queries belong in src/db/ (the lines above name the schema or diesel)" >&2
    exit 1
fi
