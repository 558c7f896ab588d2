#!/usr/bin/env bash
# The offline check of the EQ-1 Network distribution. `mvn verify` runs it in karaf-distribution
# (integration-test phase); by hand:
#
#   bash offline-check.sh <distribution.tar.gz> <eq1 features .kar> <apache-karaf-<v>.tar.gz> <work dir>
#
# On the archive as built, unpacked fresh, it checks:
#   1. the shipped files: no active user or key, no karaf/karaf, password hashing on, SSH and JMX
#      bound to 127.0.0.1, no remote Maven repository, no SSH host key, no default password;
#   2. in a network namespace with nothing but a loopback interface and with an empty home folder
#      (so neither the network nor ~/.m2 can hide a missing artifact): the boot features start,
#      feature:install of every EQ-1 feature succeeds (feature:list -i), a karaf/karaf login fails,
#      every listening socket is on the loopback interface and the SSH and JMX ports on 127.0.0.1
#      only (ss -ltn), a plain password written to users.properties gets hashed;
#   3. in a second namespace, likewise offline, the KAR installs into Apache Karaf's own
#      distribution (same Karaf version, nothing of EQ-1 in it) and feature:install eq1 leaves every
#      feature of the KAR Started.
# Commands reach Karaf through bin/client as a random user added to the check's own copy of
# etc/users.properties. Every wait polls a condition against a deadline; every Karaf runs in its own
# PID namespace, so nothing it started outlives the check. Exit status 0 only if every check passed.
set -euo pipefail

readonly REQUIRED_FEATURES=(eq1-core eq1-loopback eq1-mqtt eq1-json eq1-tcp eq1-serial eq1)
readonly PHASE_TIMEOUT=240 # seconds, a whole namespace phase; the Maven build never hangs on it
readonly BOOT_DEADLINE=120 # seconds until the SSH console answers
readonly STATE_DEADLINE=60 # seconds until features reach the expected state
readonly CALL_TIMEOUT=90   # seconds, one bin/client call

T0=$SECONDS
FAILURES=()
log() { printf '[offline-check %3ds] %s\n' $((SECONDS - T0)) "$*"; }
fail() {
  FAILURES+=("$*")
  printf '[offline-check %3ds] FAIL: %s\n' $((SECONDS - T0)) "$*"
  # inside a namespace: also for the summary the outer process prints
  if [ -n "${PHASE_FAILURES:-}" ]; then printf '%s\n' "$*" >>"$PHASE_FAILURES"; fi
}
die() {
  printf '[offline-check] ERROR: %s\n' "$*" >&2
  exit 1
}

# --- helpers ----------------------------------------------------------------------------------

# The last value of key in a .cfg/.properties file (blank if the key is absent or empty).
cfg_value() {
  { grep -E "^[[:space:]]*$2[[:space:]]*=" "$1" || true; } | tail -n 1 |
    sed -E 's/^[^=]*=[[:space:]]*//; s/[[:space:]]*$//'
}

# Lines that are neither blank nor comments.
active_lines() { grep -Ev '^[[:space:]]*([#!]|$)' "$1" || true; }

# Polls "$@" every half second until it succeeds or $1 seconds have passed.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# One shell command through bin/client (TOOLCHAIN pitfall 7: the command on stdin, -b), as the
# check's user unless CLIENT_USER/CLIENT_PASSWORD say otherwise. Output on stdout, ANSI removed.
karaf_cmd() {
  local home=$1 cmd=$2
  printf '%s\n' "$cmd" |
    EXTRA_JAVA_OPTS="-Duser.home=$CLIENT_HOME" timeout -k 5 "$CALL_TIMEOUT" \
      "$home/bin/client" -u "${CLIENT_USER:-$CHECK_USER}" -p "${CLIENT_PASSWORD:-$CHECK_PASSWORD}" \
      -b 2>&1 | sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g'
  return "${PIPESTATUS[1]}"
}

# "name state" for each line of feature:list -i, into FEATURE_STATES.
FEATURE_STATES=""
FEATURE_LIST=""
read_feature_states() {
  local out
  out=$(karaf_cmd "$1" "feature:list -i") || return 1
  FEATURE_LIST=$out
  FEATURE_STATES=$(printf '%s\n' "$out" |
    awk -F'|' 'NF >= 5 { n = $1; s = $4; gsub(/ /, "", n); gsub(/ /, "", s); print n, s }')
  [ -n "$FEATURE_STATES" ]
}

# Succeeds when every named feature is Started (one feature:list -i call).
features_started() {
  local home=$1 f
  shift
  read_feature_states "$home" || return 1
  for f in "$@"; do
    printf '%s\n' "$FEATURE_STATES" | grep -qx "$f Started" || return 1
  done
}

# Names the features of "$@" that FEATURE_STATES does not show Started.
not_started() {
  local f missing=()
  for f in "$@"; do
    printf '%s\n' "$FEATURE_STATES" | grep -qx "$f Started" || missing+=("$f")
  done
  echo "${missing[*]}"
}

port_listening() { ss -ltnH "sport = :$1" | grep -q .; }

console_answers() { karaf_cmd "$1" "bundle:list -t 0 org.apache.karaf.shell.core" >/dev/null 2>&1; }

# Names of the features defined by a features XML file, in file order.
# (install="manual" ones, such as eq1-kar-scr which only carries bundles in the KAR, are left out)
feature_names() {
  grep -o '<feature name="[^"]*"[^>]*>' "$1" | grep -v 'install="manual"' |
    sed 's/<feature name="//; s/".*$//'
}

# The features a feature of a features XML file names directly.
feature_children() {
  awk -v want="$2" '
    /<feature name="/ { inside = index($0, "name=\"" want "\"") > 0; next }
    inside && /<\/feature>/ && />[^<]+<\/feature>/ {
      line = $0; sub(/<\/feature>.*/, "", line); sub(/.*>/, "", line); print line
    }
    inside && /^[[:space:]]*<\/feature>[[:space:]]*$/ { inside = 0 }' "$1"
}

start_karaf() { # home phase: bin/karaf server with an empty home, no ~/.m2
  local home=$1
  HOME=$EMPTY_HOME EXTRA_JAVA_OPTS="-Duser.home=$EMPTY_HOME" \
    "$home/bin/karaf" server >"$WORK/$2-console.log" 2>&1 &
  KARAF_PID=$!
}

wait_for_console() { # home phase
  local home=$1 phase=$2 ssh_port
  ssh_port=$(cfg_value "$home/etc/org.apache.karaf.shell.cfg" sshPort)
  if ! wait_until "$BOOT_DEADLINE" port_listening "$ssh_port"; then
    fail "$phase: the SSH port $ssh_port did not open within ${BOOT_DEADLINE}s"
    return 1
  fi
  if ! wait_until "$BOOT_DEADLINE" console_answers "$home"; then
    fail "$phase: the console did not accept the check's login within ${BOOT_DEADLINE}s: $(karaf_cmd "$home" version 2>&1 | tail -n 3)"
    return 1
  fi
  log "$phase: console answers (SSH port $ssh_port)"
}

process_gone() { ! kill -0 "$1" 2>/dev/null; }

stop_karaf() { # home phase: TERM to the JVM (Karaf stops cleanly), then the namespace's end kills all
  local pid
  pid=$(cat "$1/karaf.pid" 2>/dev/null || true)
  kill -TERM "${pid:-$KARAF_PID}" 2>/dev/null || true
  if wait_until 30 process_gone "$KARAF_PID"; then
    log "$2: Karaf stopped"
  else
    log "$2: Karaf did not stop within 30s after TERM; it ends with the namespace"
  fi
}

show_log_tail() { # home phase
  local logfile="$1/data/log/karaf.log"
  if [ -f "$logfile" ]; then
    log "$2: last lines of $logfile:"
    tail -n 40 "$logfile" | sed 's/^/    /'
  fi
}

# --- inside the network namespace: the distribution ------------------------------------------

phase_distribution() {
  local home=$DIST phase=distribution f out rc line host port ports expected all_features boot_features=()
  ip link set lo up
  if ip -o link show | grep -v ': lo:' | grep -q .; then
    fail "$phase: the namespace has a network interface besides lo: $(ip -o link show | tr '\n' ' ')"
  fi
  log "$phase: in a network namespace with only lo ($(ip -o -4 addr show lo | awk '{print $4}')); HOME and user.home = $EMPTY_HOME (empty)"

  start_karaf "$home" "$phase"
  wait_for_console "$home" "$phase" || {
    show_log_tail "$home" "$phase"
    return
  }

  # the boot features of etc/org.apache.karaf.features.cfg
  read -r -a boot_features <<<"$(cfg_value_joined "$home/etc/org.apache.karaf.features.cfg" featuresBoot |
    tr ',' '\n' | sed -E 's/[[:space:]]//g; s#/.*##' | grep '^eq1' | tr '\n' ' ')"
  [[ " ${boot_features[*]} " == *" eq1-core "* ]] ||
    fail "$phase: eq1-core is not a boot feature in etc/org.apache.karaf.features.cfg"
  if wait_until "$STATE_DEADLINE" features_started "$home" "${boot_features[@]}"; then
    log "$phase: boot features started: ${boot_features[*]}"
  else
    fail "$phase: boot features not started: $(not_started "${boot_features[@]}")"
  fi

  # every feature of the EQ-1 features repository in system/, the meta feature eq1 last
  read -r -a all_features <<<"$(feature_names "$FEATURES_XML" | grep -vx eq1 | tr '\n' ' ') eq1"
  for f in "${REQUIRED_FEATURES[@]}"; do
    [[ " ${all_features[*]} " == *" $f "* ]] || fail "$phase: feature $f is not in the features repository $FEATURES_XML"
  done
  for f in "${all_features[@]}"; do
    rc=0
    out=$(karaf_cmd "$home" "feature:install $f") || rc=$?
    if [ "$rc" -eq 124 ] || grep -Eiq 'error|unable|could not|exception' <<<"$out"; then
      fail "$phase: feature:install $f (exit $rc): $(tr '\n' ' ' <<<"$out")"
    else
      log "$phase: feature:install $f${out:+: $(tr '\n' ' ' <<<"$out")}"
    fi
  done
  if wait_until "$STATE_DEADLINE" features_started "$home" "${all_features[@]}"; then
    log "$phase: feature:list -i shows every EQ-1 feature Started:"
  else
    fail "$phase: features not Started after feature:install: $(not_started "${all_features[@]}")"
  fi
  printf '%s\n' "$FEATURE_LIST" | grep -E '^(Name|eq1)' | sed 's/^/    /' || true

  # a login with karaf/karaf fails (and the check's own login still works: the server is up)
  out=$(karaf_cmd "$home" version) || true
  grep -q "^$KARAF_VERSION" <<<"$out" || fail "$phase: the check's own login did not answer 'version': $out"
  rc=0
  out=$(CLIENT_USER=karaf CLIENT_PASSWORD=karaf karaf_cmd "$home" version) || rc=$?
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ] || grep -q "^$KARAF_VERSION" <<<"$out" ||
    ! grep -Eq 'Authentication failed|No more authentication methods available' <<<"$out"; then
    fail "$phase: bin/client -u karaf -p karaf was not refused (exit $rc): $out"
  else
    log "$phase: bin/client -u karaf -p karaf refused (exit $rc): $(tr '\n' ' ' <<<"$out")"
  fi

  # every listening socket on the loopback interface; SSH and JMX on 127.0.0.1 exactly
  out=$(ss -ltnH)
  log "$phase: ss -ltn in the namespace:"
  printf '%s\n' "$out" | sed 's/^/    /'
  while read -r line; do
    [ -n "$line" ] || continue
    host=$(awk '{print $4}' <<<"$line")
    host=${host%:*}
    [[ $host =~ ^(127\.[0-9.]+|\[::ffff:127\.[0-9.]+\]|\[::1\])$ ]] ||
      fail "$phase: a socket listens beyond the loopback interface: $line"
  done <<<"$out"
  ports=$(awk '{ n = split($4, a, ":"); print a[n] }' <<<"$out" | sort -un | tr '\n' ' ')
  expected=$(printf '%s\n' "$SSH_PORT" "$RMI_REGISTRY_PORT" "$RMI_SERVER_PORT" | sort -un | tr '\n' ' ')
  [ "$ports" = "$expected" ] ||
    fail "$phase: listening ports are $ports, expected only SSH and JMX: $expected"
  for port in "$SSH_PORT" "$RMI_REGISTRY_PORT" "$RMI_SERVER_PORT"; do
    host=$(awk -v p=":$port" '$4 ~ p "$" { sub(p "$", "", $4); print $4 }' <<<"$out" | sort -u | tr '\n' ' ')
    if [ -z "$host" ]; then
      fail "$phase: nothing listens on port $port (SSH $SSH_PORT, JMX $RMI_REGISTRY_PORT/$RMI_SERVER_PORT)"
    elif ! [[ $host =~ ^((127\.0\.0\.1|\[::ffff:127\.0\.0\.1\])\ )+$ ]]; then
      fail "$phase: port $port listens on $host, not only on 127.0.0.1"
    fi
  done

  # the plain password the check wrote is replaced by its hash
  if wait_until 30 grep -Eq "^$CHECK_USER = \{CRYPT\}[0-9A-Fa-f]{128}\{CRYPT\}," "$home/etc/users.properties"; then
    log "$phase: the check user's plain password was replaced by its SHA-512 hash in etc/users.properties"
  else
    fail "$phase: the plain password in etc/users.properties was not hashed: $(grep "^$CHECK_USER" "$home/etc/users.properties")"
  fi

  # nothing looked for a Maven repository in the home folder
  if [ -e "$EMPTY_HOME/.m2" ]; then
    fail "$phase: Karaf created $EMPTY_HOME/.m2: it looked for artifacts outside system/"
  fi

  stop_karaf "$home" "$phase"
  ((${#FAILURES[@]} == 0)) || show_log_tail "$home" "$phase"
}

# featuresBoot and featuresRepositories span several lines (backslash continuations).
cfg_value_joined() {
  awk -v key="$2" '
    collecting { v = v $0; if ($0 !~ /\\[[:space:]]*$/) { collecting = 0; done = 1 } ; next }
    !done && $0 ~ "^[[:space:]]*" key "[[:space:]]*=" {
      v = $0; sub(/^[^=]*=/, "", v)
      if ($0 ~ /\\[[:space:]]*$/) collecting = 1; else done = 1
    }
    END { gsub(/\\/, "", v); print v }' "$1"
}

# --- inside the network namespace: the KAR in Apache Karaf's own distribution ------------------

phase_kar() {
  local home=$STOCK phase=kar out rc kar_name kar_features=()
  ip link set lo up
  start_karaf "$home" "$phase"
  wait_for_console "$home" "$phase" || {
    show_log_tail "$home" "$phase"
    return
  }
  out=$(karaf_cmd "$home" "feature:list") || true
  if grep -q 'eq1' <<<"$out"; then
    fail "$phase: Apache Karaf $KARAF_VERSION already knows EQ-1 features: $(grep eq1 <<<"$out" | tr '\n' ' ')"
  fi
  if ! features_started "$home" kar; then # Karaf's distribution boots it; install it if not
    out=$(karaf_cmd "$home" "feature:install kar") || true
    wait_until "$STATE_DEADLINE" features_started "$home" kar ||
      fail "$phase: feature:install kar did not start the kar feature: $out"
  fi

  kar_name=$(basename "$KAR" .kar)
  rc=0
  out=$(karaf_cmd "$home" "kar:install file:$KAR") || rc=$?
  if [ "$rc" -eq 124 ] || grep -Eiq 'error|unable|could not|exception' <<<"$out"; then
    fail "$phase: kar:install file:$KAR (exit $rc): $(tr '\n' ' ' <<<"$out")"
  fi
  out=$(karaf_cmd "$home" "kar:list") || true
  if grep -q "$kar_name" <<<"$out"; then
    log "$phase: Apache Karaf $KARAF_VERSION, kar:install file:$KAR: kar:list shows $kar_name"
  else
    fail "$phase: kar:list does not show $kar_name: $(tr '\n' ' ' <<<"$out")"
  fi

  rc=0
  out=$(karaf_cmd "$home" "feature:install eq1") || rc=$?
  if [ "$rc" -eq 124 ] || grep -Eiq 'error|unable|could not|exception' <<<"$out"; then
    fail "$phase: feature:install eq1 (exit $rc): $(tr '\n' ' ' <<<"$out")"
  fi
  read -r -a kar_features <<<"$(feature_names "$KAR_FEATURES_XML" | tr '\n' ' ')"
  if wait_until "$STATE_DEADLINE" features_started "$home" "${kar_features[@]}"; then
    log "$phase: after kar:install and feature:install eq1, every feature of the KAR is Started:"
  else
    fail "$phase: features of the KAR not Started after kar:install and feature:install eq1: $(not_started "${kar_features[@]}")"
  fi
  printf '%s\n' "$FEATURE_LIST" | grep -E '^(Name|eq1|scr )' | sed 's/^/    /' || true
  [ ! -e "$EMPTY_HOME/.m2" ] ||
    fail "$phase: Karaf created $EMPTY_HOME/.m2: it looked for an artifact that neither its system/ nor the KAR has"

  stop_karaf "$home" "$phase"
  ((${#FAILURES[@]} == 0)) || show_log_tail "$home" "$phase"
}

in_namespace() {
  case "$1" in
    distribution) phase_distribution ;;
    kar) phase_kar ;;
    *) die "unknown phase $1" ;;
  esac
  if ((${#FAILURES[@]} > 0)); then
    exit 1
  fi
}

# --- outside: prepare, run both phases, report ------------------------------------------------

check_shipped_files() {
  local etc=$DIST/etc line f
  while read -r line; do
    [[ $line == '_g_\:'* ]] || fail "shipped etc/users.properties has an active user: $(sed -E 's/[[:space:]]*=.*//' <<<"$line")"
  done < <(active_lines "$etc/users.properties")
  while read -r line; do
    [[ $line == '_g_\:'* ]] || fail "shipped etc/keys.properties has an active key: $(sed -E 's/[[:space:]]*=.*//' <<<"$line")"
  done < <(active_lines "$etc/keys.properties")
  [ "$(cfg_value "$etc/org.apache.karaf.jaas.cfg" encryption.enabled)" = true ] ||
    fail "etc/org.apache.karaf.jaas.cfg: encryption.enabled is not true"
  [ "$(cfg_value "$etc/org.apache.karaf.jaas.cfg" encryption.algorithm)" = SHA-512 ] ||
    fail "etc/org.apache.karaf.jaas.cfg: encryption.algorithm is not SHA-512"
  [ "$(cfg_value "$etc/org.apache.karaf.shell.cfg" sshHost)" = 127.0.0.1 ] ||
    fail "etc/org.apache.karaf.shell.cfg: sshHost is not 127.0.0.1"
  for f in rmiRegistryHost rmiServerHost; do
    [ "$(cfg_value "$etc/org.apache.karaf.management.cfg" $f)" = 127.0.0.1 ] ||
      fail "etc/org.apache.karaf.management.cfg: $f is not 127.0.0.1"
  done
  [ -z "$(cfg_value "$etc/org.ops4j.pax.url.mvn.cfg" org.ops4j.pax.url.mvn.repositories)" ] ||
    fail "etc/org.ops4j.pax.url.mvn.cfg: remote repositories are configured (offline first: none)"
  for f in host.key host.key.pub; do
    [ ! -e "$etc/$f" ] || fail "the archive ships etc/$f: every installation must generate its own SSH host key"
  done
  for f in "$etc"/*; do
    [ -f "$f" ] || continue
    active_lines "$f" | grep -Eiq '^[[:space:]]*[^=[:space:]]*(password|passphrase|secret)[[:space:]]*=[[:space:]]*[^[:space:]]' &&
      fail "etc/$(basename "$f") has an active password/secret value"
  done
  [ -f "$DIST/bin/eq1-network.service" ] || fail "the archive does not ship bin/eq1-network.service"
  ((${#FAILURES[@]} > 0)) || log "shipped files: no active user or key, hashing on (SHA-512), SSH/JMX on 127.0.0.1, no remote repository, no host key, no default password"
}

add_check_user() { # home; Karaf's own distribution has the admin group commented out
  printf '\n%s = %s,_g_:admingroup\n' "$CHECK_USER" "$CHECK_PASSWORD" >>"$1/etc/users.properties"
  grep -q '^_g_\\:admingroup' "$1/etc/users.properties" ||
    printf '%s\n' '_g_\:admingroup = group,admin,manager,viewer,systembundles,ssh' >>"$1/etc/users.properties"
}

run_phase() { # phase: in new network, PID and mount namespaces, under a timeout
  local rc=0 line failures=$WORK/$1.failures
  rm -f "$failures"
  PHASE_FAILURES=$failures T0_OFFSET=$((SECONDS - T0)) timeout -k 10 "$PHASE_TIMEOUT" \
    "${UNSHARE[@]}" bash "$SCRIPT" --in-namespace "$1" || rc=$?
  if [ -s "$failures" ]; then
    while IFS= read -r line; do FAILURES+=("$line"); done <"$failures"
  fi
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    fail "$1: did not finish within ${PHASE_TIMEOUT}s"
    show_log_tail "$([ "$1" = kar ] && echo "$STOCK" || echo "$DIST")" "$1"
  elif [ "$rc" -ne 0 ] && [ ! -s "$failures" ]; then
    fail "$1: failed with exit status $rc"
  fi
}

main() {
  [ $# -eq 4 ] || die "usage: $0 <distribution.tar.gz> <eq1 features .kar> <apache-karaf-<version>.tar.gz> <work directory>"
  local archive=$1 stock_archive=$3 top f
  KAR=$(realpath "$2")
  WORK=$(realpath -m "$4")
  [ -f "$archive" ] || die "no distribution archive at $archive: build it first (mvn package)"
  [ -f "$KAR" ] || die "no EQ-1 KAR at $KAR: build features/ first"
  [ -f "$stock_archive" ] || die "no Apache Karaf archive at $stock_archive"
  for f in tar unshare ip ss timeout od realpath; do
    command -v "$f" >/dev/null || die "the check needs '$f' (util-linux, iproute2, coreutils)"
  done
  [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] || die "set JAVA_HOME to a JDK 17"

  if [ "$(id -u)" -eq 0 ]; then
    UNSHARE=(unshare --net --pid --fork --kill-child --mount-proc)
  else
    UNSHARE=(unshare --map-root-user --net --pid --fork --kill-child --mount-proc)
  fi
  "${UNSHARE[@]}" true 2>/dev/null ||
    die "cannot create a network namespace (${UNSHARE[*]}): run as root, or allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)"

  # fresh copies: the distribution as shipped; Apache Karaf's own distribution for the KAR
  rm -rf "$WORK/dist" "$WORK/stock" "$WORK/kar" "$WORK/home" "$WORK/client-home" "$WORK"/*.log
  mkdir -p "$WORK/dist" "$WORK/stock" "$WORK/kar" "$WORK/home" "$WORK/client-home"
  top=$(tar tzf "$archive" | sed -n '1s#/.*##p')
  tar xzf "$archive" -C "$WORK/dist"
  DIST=$WORK/dist/$top
  STOCK=$WORK/stock
  tar xzf "$stock_archive" --strip-components=1 -C "$STOCK"
  (cd "$WORK/kar" && "$JAVA_HOME/bin/jar" xf "$KAR")
  EMPTY_HOME=$WORK/home
  CLIENT_HOME=$WORK/client-home
  log "unpacked $(basename "$archive") ($(du -h "$archive" | cut -f1)) to $DIST, $(basename "$stock_archive") to $STOCK, $(basename "$KAR") ($(du -h "$KAR" | cut -f1)) to $WORK/kar"

  check_shipped_files

  FEATURES_XML=$(find "$DIST/system/com/eq1/network/com.eq1.network.features" -name '*-features.xml' -print -quit)
  [ -n "$FEATURES_XML" ] || die "no EQ-1 features repository under $DIST/system"
  KARAF_VERSION=$(find "$DIST/lib/boot" -name 'org.apache.karaf.main-*.jar' | sed -E 's/.*main-(.*)\.jar$/\1/')
  [ -n "$KARAF_VERSION" ] || die "no lib/boot/org.apache.karaf.main-<version>.jar in $DIST"
  SSH_PORT=$(cfg_value "$DIST/etc/org.apache.karaf.shell.cfg" sshPort)
  RMI_REGISTRY_PORT=$(cfg_value "$DIST/etc/org.apache.karaf.management.cfg" rmiRegistryPort)
  RMI_SERVER_PORT=$(cfg_value "$DIST/etc/org.apache.karaf.management.cfg" rmiServerPort)

  KAR_FEATURES_XML=$(find "$WORK/kar/repository" -name '*-features.xml' -print -quit)
  [ -n "$KAR_FEATURES_XML" ] || die "the KAR $KAR holds no features repository (repository/**/*-features.xml)"
  if [ -n "$(cd "$STOCK/system" && find . -path '*eq1*' -print -quit)" ] ||
    [ ! -f "$STOCK/lib/boot/org.apache.karaf.main-$KARAF_VERSION.jar" ]; then
    die "$stock_archive is not Apache Karaf $KARAF_VERSION without EQ-1"
  fi

  # the check's own user, in its copies only (the shipped file keeps no user)
  CHECK_USER=check-$(random_hex 4)
  CHECK_PASSWORD=$(random_hex 16)
  add_check_user "$DIST"
  add_check_user "$STOCK"

  export SCRIPT DIST STOCK WORK KAR KAR_FEATURES_XML EMPTY_HOME CLIENT_HOME FEATURES_XML KARAF_VERSION SSH_PORT \
    RMI_REGISTRY_PORT RMI_SERVER_PORT CHECK_USER CHECK_PASSWORD
  run_phase distribution
  run_phase kar

  if ((${#FAILURES[@]} > 0)); then
    printf '\n[offline-check] FAILED after %ds (%d problem(s)):\n' $((SECONDS - T0)) ${#FAILURES[@]}
    printf '  - %s\n' "${FAILURES[@]}"
    exit 1
  fi
  log "PASSED: every EQ-1 feature installs offline, no default login, SSH and JMX on 127.0.0.1 only, the KAR installs offline into Apache Karaf $KARAF_VERSION"
}

SCRIPT=$(realpath "${BASH_SOURCE[0]}")
if [ "${1:-}" = "--in-namespace" ]; then
  T0=$((SECONDS - ${T0_OFFSET:-0}))
  in_namespace "$2"
else
  main "$@"
fi
