#!/usr/bin/env bash
# A real single-node Apache Kafka 3.9 broker (KRaft, controller and broker in one JVM) on 127.0.0.1,
# for the Kafka test suite and local runs. No Docker: the broker jars come from Maven Central
# (scripts/kafka/pom.xml), cached under ~/.cache/campaign-ledger.
#
#   scripts/kafka.sh start     fetch the jars if needed, format the storage if new, start, wait until ready
#   scripts/kafka.sh stop      stop the broker; its data stays (start again resumes on the same log)
#   scripts/kafka.sh restart   stop, then start on the same data
#   scripts/kafka.sh status    exit 0 if it runs (prints KAFKA_BROKERS=…), 1 if not
#   scripts/kafka.sh clean     stop and delete its data
#
# Environment: KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (KAFKA_PORT+1), KAFKA_STATE_DIR (a folder
# under $TMPDIR named after the port: data, config, logs, pid), KAFKA_DEPS_DIR (the jar cache).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/kafka/pom.xml")"
port="${KAFKA_PORT:-19092}"
controller_port="${KAFKA_CONTROLLER_PORT:-$((port + 1))}"
state="${KAFKA_STATE_DIR:-${TMPDIR:-/tmp}/campaign-ledger-kafka-$port}"
deps="${KAFKA_DEPS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/campaign-ledger/kafka-$kafka_version}"
pid_file="$state/kafka.pid"
log_file="$state/logs/server.log"

say() { echo "kafka.sh: $*" >&2; }

running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fetch_jars() {
  [[ -f "$deps/.complete" ]] && return 0
  command -v java >/dev/null || { say "java is not installed (Java 17+ is needed to run the broker)"; exit 3; }
  command -v mvn >/dev/null || { say "mvn is not installed (Maven fetches the broker jars)"; exit 3; }
  say "fetching Apache Kafka $kafka_version jars with Maven into $deps"
  mkdir -p "$deps"
  mvn -q -B -Dstyle.color=never -f "$here/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$deps" >&2
  touch "$deps/.complete"
}

write_config() {
  mkdir -p "$state/data" "$state/logs"
  cat >"$state/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$state/data
# One node: every internal topic has one replica. Topics are created by their users (the relay).
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
auto.create.topics.enable=false
# Tests start consumer groups often: no initial rebalance delay.
group.initial.rebalance.delay.ms=0
EOF
  cat >"$state/log4j.properties" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$log_file
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
EOF
}

start() {
  if pid="$(running_pid)"; then
    say "already running (pid $pid) on 127.0.0.1:$port"
    echo "KAFKA_BROKERS=127.0.0.1:$port"
    return 0
  fi
  if port_open "$port" || port_open "$controller_port"; then say "port $port or $controller_port is taken by another process"; exit 1; fi
  fetch_jars
  write_config
  local java=(java -Xms128m -Xmx512m -XX:+UseSerialGC -Dlog4j.configuration="file:$state/log4j.properties" -cp "$deps/*")
  if [[ ! -f "$state/data/meta.properties" ]]; then
    "${java[@]}" kafka.tools.StorageTool format --ignore-formatted -c "$state/server.properties" \
      -t "$("${java[@]}" kafka.tools.StorageTool random-uuid)" >"$state/logs/format.log" 2>&1 \
      || { cat "$state/logs/format.log" >&2; exit 1; }
  fi
  : >"$log_file"
  nohup "${java[@]}" kafka.Kafka "$state/server.properties" >"$state/logs/stdout.log" 2>&1 &
  echo $! >"$pid_file"
  local deadline=$((SECONDS + 90))
  until grep -q "Kafka Server started" "$log_file" 2>/dev/null && port_open "$port"; do
    if ! running_pid >/dev/null; then
      say "the broker exited during start-up:"
      tail -n 30 "$log_file" "$state/logs/stdout.log" >&2 || true
      exit 1
    fi
    if ((SECONDS > deadline)); then say "not ready after 90 s (see $log_file)"; stop; exit 1; fi
    sleep 0.2
  done
  say "Apache Kafka $kafka_version ready on 127.0.0.1:$port (pid $(cat "$pid_file"), data in $state)"
  echo "KAFKA_BROKERS=127.0.0.1:$port"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pid_file"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    say "still running after 30 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  say "stopped (data kept in $state)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop && start ;;
  status)
    if pid="$(running_pid)"; then echo "KAFKA_BROKERS=127.0.0.1:$port"; say "running (pid $pid, data in $state)"; else say "not running"; exit 1; fi
    ;;
  clean) stop && rm -rf "$state" ;;
  *) echo "usage: scripts/kafka.sh start|stop|restart|status|clean" >&2; exit 2 ;;
esac
