#!/usr/bin/env bash
# MQTT end to end, EQ-1 (PubSubManager over MqttProtocol) against raw Paho mqttv3, in one JVM against
# one Mosquitto that this script starts on a free loopback port and stops at the end: threads per
# connection, pub->sub throughput at QoS 0/1/2, latency at a fixed rate (QoS 1). Prints a table.
# Usage: benchmarks/mqtt-bench.sh [key=value ...]   e.g. iterations=3 parts=throughput qos0=100000
#   (options: see MqttBench's usage; MOSQUITTO=/usr/sbin/mosquitto, JAVA_OPTS=..., LOG_LEVEL=warn override)
set -euo pipefail
cd "$(dirname "$0")"

jar=target/benchmarks.jar
mosquitto=${MOSQUITTO:-/usr/sbin/mosquitto}
if [ ! -f "$jar" ]; then
  echo "no $jar: build it first with ./mvnw -B package -DskipTests" >&2
  exit 1
fi
if [ ! -x "$mosquitto" ]; then
  echo "no Mosquitto at $mosquitto (apt-get install mosquitto, or set MOSQUITTO)" >&2
  exit 1
fi

work=$(mktemp -d -t eq1-mqtt-bench.XXXXXX)
broker_pid=
cleanup() {
  if [ -n "$broker_pid" ]; then
    kill "$broker_pid" 2>/dev/null || true
    wait "$broker_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
set_tcp_nodelay true
max_inflight_messages 0
max_queued_messages 1000000
max_queued_bytes 0
log_dest stderr
log_type error
log_type warning
CONF
"$mosquitto" -c "$work/mosquitto.conf" 2>"$work/mosquitto.log" &
broker_pid=$!
for _ in $(seq 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    break
  fi
  sleep 0.05
done

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
echo "broker: $("$mosquitto" -h | head -1) on 127.0.0.1:$port (pid $broker_pid)"
# shellcheck disable=SC2086
java -Xms1g -Xmx1g ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=${LOG_LEVEL:-warn} \
  -cp "$jar" com.eq1.network.benchmarks.mqtt.MqttBench "tcp://127.0.0.1:$port" "$@"
if [ -s "$work/mosquitto.log" ]; then
  echo "broker log:"
  cat "$work/mosquitto.log"
fi
