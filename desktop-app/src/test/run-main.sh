#!/usr/bin/env bash
# Runs a main class of the desktop's test code (a benchmark, a recorder) with the
# test class path, after building what it needs:
#   desktop-app/src/test/run-main.sh CLASS [ARGS...]      (JAVA_HOME: a JDK 25)
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
main=${1:?usage: run-main.sh CLASS [ARGS...]}; shift
# One reactor run: the class path then names the protocol module's target/classes,
# so nothing has to be installed into ~/.m2 first.
../mvnw -B -q -f ../pom.xml -pl desktop-app -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED \
    -cp "target/test-classes:target/classes:$(cat target/test.classpath)" "$main" "$@"
