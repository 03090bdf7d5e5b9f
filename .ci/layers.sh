#!/usr/bin/env bash
# Layers: the diesel queries live in src/db/. Fails if a file under src/services/, src/jobs/ or
# src/routes/ names the schema or imports diesel's query DSL (transactions through
# crate::db::write_transaction and the Db handle are fine).
set -euo pipefail
cd "$(dirname "$0")/.."
if grep -rnE 'schema::|diesel::prelude' src/services src/jobs src/routes; then
    echo "error: queries belong in src/db/ (the lines above name the schema or diesel's DSL)" >&2
    exit 1
fi
