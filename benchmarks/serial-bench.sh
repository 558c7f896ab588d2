#!/usr/bin/env bash
# Serial end to end over a socat pty pair, EQ-1 (SerialProtocol, AtCommandClient) against the same
# port through jSerialComm's SerialPort directly and as a plain file, in one JVM: one-way throughput
# in both directions for raw framing (4 KiB writes) and length framing (16 B and 1 KiB payloads),
# and AT command round-trip latency against a scripted modem. The driver starts its own socat pair
# in a temporary directory and stops it at the end. Prints each run, then a Markdown table.
# Usage: benchmarks/serial-bench.sh [key=value ...]   e.g. parts=at runs=3 impls=eq1,jserialcomm
#   (options: see SerialBenchOptions' usage; JAVA_OPTS=..., LOG_LEVEL=warn override)
set -euo pipefail
cd "$(dirname "$0")"

jar=target/benchmarks.jar
if [ ! -f "$jar" ]; then
  echo "no $jar: build it first with ./mvnw -B package -DskipTests" >&2
  exit 1
fi
if ! command -v socat >/dev/null; then
  echo "no socat on the PATH (apt-get install socat)" >&2
  exit 1
fi

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
echo "socat: $(socat -V 2>/dev/null | grep -m1 'socat version')"
# shellcheck disable=SC2086
java -Xms512m -Xmx512m ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=${LOG_LEVEL:-warn} \
  -cp "$jar" com.eq1.network.benchmarks.serial.SerialBench "$@"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
