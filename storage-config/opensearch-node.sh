#!/usr/bin/env bash
# One OpenSearch node for ChartVault's search (CHARTVAULT_SEARCH_URL), run from OpenSearch's Maven release jars in a
# JVM of its own (its Lucene must never meet ChartVault's), bound to 127.0.0.1, security off, everything under DIR.
# For trying ChartVault on OpenSearch on one machine and for the long tests; a hospital runs its own cluster.
#
#   storage-config/opensearch-node.sh start DIR    resolves the jars into DIR, starts the node, waits until it
#                                                  answers, prints OPENSEARCH_UP and its URL
#   storage-config/opensearch-node.sh stop DIR     stops the node started in DIR (DIR and its data are kept)
#   storage-config/opensearch-node.sh status DIR   prints OPENSEARCH_UP or OPENSEARCH_DOWN (exit 0 / 1)
#
# Needs a JDK 21+ (JAVA_HOME, or the newest under /usr/lib/jvm) and Maven (Maven Central reachable the first time).
# Optional environment:
#   OPENSEARCH_PORT   the HTTP port; the transport port is the next one   (default 9200)
#   OPENSEARCH_HEAP   the node's heap                                     (default 256m)
#   OPENSEARCH_USER   the user the node runs as when started by root      (default chartvault-search)
#
# Facts this depends on (OpenSearch 3.9.0): the node refuses to run as root, with no setting to allow it, so root
# runs it as OPENSEARCH_USER (made here if missing); the Maven jars carry no plugin descriptors, so the modules/
# folders and their plugin-descriptor.properties are written here; log4j-core is an optional dependency of the
# server jar and must be added.
set -euo pipefail

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -eq 2 ] || usage
action="$1"
if [ "$action" != start ] && [ ! -d "$2" ]; then
  [ "$action" = status ] && { echo "OPENSEARCH_DOWN"; exit 1; }
  exit 0
fi
dir="$(mkdir -p "$2" && cd "$2" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
portfile="$dir/run/opensearch.port"
# stop, status and a start of a node already running find the port the node was started with
if [ -f "$portfile" ] && { [ "$action" != start ] || { [ -f "$dir/run/opensearch.pid" ] \
     && kill -0 "$(cat "$dir/run/opensearch.pid")" 2>/dev/null; }; }; then
  port="$(cat "$portfile")"
else
  port="${OPENSEARCH_PORT:-9200}"
fi
transport_port=$((port + 1))
heap="${OPENSEARCH_HEAP:-256m}"
user="${OPENSEARCH_USER:-chartvault-search}"
version=3.9.0
pidfile="$dir/run/opensearch.pid"
url="http://127.0.0.1:$port"

answers() { curl -s -m 2 -o /dev/null -w '%{http_code}' "$url/_cluster/health" 2>/dev/null | grep -q '^200$'; }
running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

stop() {
  running || { rm -f "$pidfile"; return 0; }
  local pid; pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

case "$action" in
  stop) stop; exit 0 ;;
  status) if running && answers; then echo "OPENSEARCH_UP url=$url pid=$(cat "$pidfile")"; exit 0; fi
          echo "OPENSEARCH_DOWN"; exit 1 ;;
  start) ;;
  *) usage ;;
esac

if running && answers; then echo "OPENSEARCH_UP url=$url pid=$(cat "$pidfile")"; exit 0; fi
stop

java_home="${JAVA_HOME:-}"
if [ -z "$java_home" ] || ! "$java_home/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
  java_home="$(ls -d /usr/lib/jvm/*/ 2>/dev/null | while read -r j; do
      v="$("$j/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
      [ -n "$v" ] && [ "$v" -ge 21 ] && echo "$v $j"; done | sort -n | tail -1 | cut -d' ' -f2-)"
fi
[ -n "$java_home" ] || { echo "opensearch-node.sh: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 3; }
command -v mvn >/dev/null 2>&1 || { echo "opensearch-node.sh: needs Maven (apt-get install maven)" >&2; exit 3; }

# The jars: the server and its libraries in lib/, each module with the libraries only it uses in modules/<name>/.
if [ ! -f "$dir/lib/opensearch-$version.jar" ]; then
  rm -rf "$dir/lib" "$dir/modules" "$dir/jars"
  # offline first (the jars are in ~/.m2 after the first time), then from Maven Central
  JAVA_HOME="$java_home" mvn -q -B -o -f "$here/opensearch/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$dir/jars" >"$dir/maven.log" 2>&1 \
    || JAVA_HOME="$java_home" mvn -q -B -f "$here/opensearch/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$dir/jars" >>"$dir/maven.log" 2>&1 \
    || { echo "opensearch-node.sh: Maven could not resolve the OpenSearch jars (see $dir/maven.log)" >&2; exit 1; }
  module() { # name classname extended-plugins jar-patterns...
    local name="$1" classname="$2" extended="$3"; shift 3
    mkdir -p "$dir/modules/$name"
    for pattern in "$@"; do mv "$dir"/jars/$pattern "$dir/modules/$name/"; done
    {
      echo "description=$name (from the OpenSearch $version Maven release)"
      echo "version=$version"
      echo "name=$name"
      echo "classname=$classname"
      echo "java.version=21"
      echo "opensearch.version=$version"
      [ -z "$extended" ] || echo "extended.plugins=$extended"
    } > "$dir/modules/$name/plugin-descriptor.properties"
  }
  module transport-netty4 org.opensearch.transport.Netty4ModulePlugin "" \
    'transport-netty4-client-*.jar' 'opensearch-netty4-*.jar' 'netty-*.jar'
  module lang-painless org.opensearch.painless.PainlessModulePlugin "" \
    'lang-painless-*.jar' 'antlr4-runtime-*.jar' 'asm-*.jar' 'opensearch-scripting-painless-spi-*.jar'
  module analysis-common org.opensearch.analysis.common.CommonAnalysisModulePlugin lang-painless 'analysis-common-*.jar'
  mv "$dir/jars" "$dir/lib"
fi

mkdir -p "$dir"/{config,data,logs,run,tmp}
cat > "$dir/config/opensearch.yml" <<YML
cluster.name: chartvault-search
node.name: chartvault-search-1
discovery.type: single-node
network.host: 127.0.0.1
http.port: $port
transport.port: $transport_port
path.data: $dir/data
path.logs: $dir/logs
# no security plugin is installed: plain HTTP, no users (bound to 127.0.0.1 only)
# ChartVault makes its own indexes and alias; a typo must not make a new index by itself
action.auto_create_index: false
# a machine shared with other engines: do not stop writing at 85% disk
cluster.routing.allocation.disk.threshold_enabled: false
YML
cat > "$dir/config/log4j2.properties" <<'LOG'
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] %marker%m%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
LOG

as_user=()
if [ "$(id -u)" = 0 ]; then
  id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  chown -R "$user": "$dir"
  setpriv --reuid="$user" --regid="$user" --init-groups -- test -w "$dir/data" \
    || { echo "opensearch-node.sh: $user cannot reach $dir (a parent folder is closed to other users)" >&2; exit 1; }
  as_user=(setpriv --reuid="$user" --regid="$user" --init-groups --)
fi

cd "$dir"
nohup "${as_user[@]}" "$java_home/bin/java" -Xms"$heap" -Xmx"$heap" -XX:+UseSerialGC \
  -Djava.io.tmpdir="$dir/tmp" -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
  -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
  -Dopensearch.path.home="$dir" -Dopensearch.path.conf="$dir/config" \
  -Dopensearch.distribution.type=tar -Dopensearch.bundled_jdk=false \
  -cp "$dir/lib/*" org.opensearch.bootstrap.OpenSearch >"$dir/logs/console.log" 2>&1 &
echo $! > "$pidfile"
echo "$port" > "$portfile"

for _ in $(seq 1 600); do
  answers && { echo "OPENSEARCH_UP url=$url pid=$(cat "$pidfile")"; exit 0; }
  running || { echo "opensearch-node.sh: the node stopped while starting; last lines of $dir/logs/console.log:" >&2
               tail -20 "$dir/logs/console.log" >&2; rm -f "$pidfile"; exit 1; }
  sleep 0.2
done
echo "opensearch-node.sh: the node did not answer on $url within 120 s (see $dir/logs/console.log)" >&2
stop
exit 1
