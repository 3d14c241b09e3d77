#!/usr/bin/env bash
# Coffer benchmarks (never part of ./coffer test). Finds a JDK 21+ the way ./coffer does, builds
# the bench module, and runs:
#   bench/run.sh load [options]   end-to-end load driver through the OSS SDK (--help for options)
#   bench/run.sh sse [options]    SSE (AES256, SM4, KMS) vs plaintext buckets in one server process (--help for options)
#   bench/run.sh kms [options]    KMS RPC GenerateDataKey and Decrypt through the KMS SDK (--help for options)
#   bench/run.sh console [options] web console upload/download API vs the OSS API, and its memory (--help for options)
#   bench/run.sh multipart [options] server CPU per request: multipart parts vs PutObject (--help for options)
#   bench/run.sh jmh [jmh args]   JMH micro-benchmarks: hashing, sealed-blob format (default: all; -h for JMH's)
# Method and recorded figures: docs/performance.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

java_major() {
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}

find_jdk() {
  local c candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in /usr/lib/jvm/*; do candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] && [ "$(java_major "$c/bin/java")" -ge 21 ]; then
      echo "$c"; return 0
    fi
  done
  return 1
}

JAVA_HOME="$(find_jdk)" || { echo "bench: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  echo "bench: building (JDK at $JAVA_HOME)..." >&2
  (cd "$root" && mvn -q -B -DskipTests package -pl bench -am) >&2
fi

cp="$root/bench/target/classes:$root/bench/target/lib/*"
cmd="${1:-}"
[ $# -gt 0 ] && shift
cd "$root"
case "$cmd" in
  load) exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" io.coffer.bench.LoadDriver "$@" ;;
  sse) exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" io.coffer.bench.SseLoadDriver "$@" ;;
  console) exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" io.coffer.bench.ConsoleLoadDriver "$@" ;;
  multipart) exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" io.coffer.bench.MultipartCostDriver "$@" ;;
  kms) exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" io.coffer.bench.KmsLoadDriver "$@" ;;
  jmh)
    exec "$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main "$@" ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
