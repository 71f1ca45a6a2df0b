#!/usr/bin/env bash
# Records the demo capture that ships with the app, from the real sensor on this
# machine's kernel and the shop lab (see DemoCaptureRecorder). As root:
#   desktop-app/src/demo/record-demo.sh [OUT.njcap]
# Default output: desktop-app/src/main/resources/dev/nightjar/desktop/demo/shop-demo.njcap
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
"$here/../../../mvnw" -B -q -f "$here/../../../pom.xml" -pl remote-sensor -am package -DskipTests
exec "$here/../test/run-main.sh" dev.nightjar.desktop.tools.DemoCaptureRecorder "$@"
