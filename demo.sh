#!/usr/bin/env bash
# Builds the demo jar (tests skipped; run ./mvnw -B verify for those) and runs it.
# Arguments are passed to the demo: [--out DIR] [--data DIR]
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests -Djacoco.skip=true package -pl samples -am
exec java -jar samples/target/mshield-demo.jar "$@"
