#!/usr/bin/env bash
# Connection scale of the TCP server: one server JVM, 10,000 loopback clients from a second JVM
# (TcpScaleServer starts TcpScaleClients), first EQ-1's TcpServer, then the bare Netty server.
# Usage: benchmarks/tcp-scale.sh [eq1|netty ...]   (CLIENTS=10000 WINDOW=256 by default)
set -euo pipefail
cd "$(dirname "$0")"

jar=target/benchmarks.jar
clients=${CLIENTS:-10000}
window=${WINDOW:-256}
if [ ! -f "$jar" ]; then
  echo "no $jar: build it first with ./mvnw -B package -DskipTests" >&2
  exit 1
fi

# Each JVM holds one descriptor per connection. Ask for 65536; a container may cap the hard
# limit lower (20000 here), and without privileges only that much can be had.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((clients + 1000)) ]; then
  echo "open file limit $(ulimit -n) is too low for $clients connections" >&2
  exit 1
fi
echo "open file limit: $(ulimit -n); local ports: $(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo '?')"

impls=("$@")
[ ${#impls[@]} -gt 0 ] || impls=(eq1 netty)
for impl in "${impls[@]}"; do
  echo "== $impl"
  java -Xms1g -Xmx1g -cp "$jar" com.eq1.network.benchmarks.tcp.TcpScaleServer "$impl" "$clients" "$window"
done
