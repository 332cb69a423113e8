#!/usr/bin/env bash
# A real single-node OpenSearch for development and tests, built only from Maven Central.
#
#   scripts/opensearch.sh install   fetch + assemble (idempotent, downloads cached in ~/.cache/om-site)
#   scripts/opensearch.sh start     install if needed, start on 127.0.0.1:$OM_OPENSEARCH_PORT, wait for yellow
#   scripts/opensearch.sh stop      stop the node started by this script (no-op if none)
#   scripts/opensearch.sh status    print the cluster health or "down"
#   scripts/opensearch.sh url       print the node's URL
#
# OpenSearch refuses to run as root, so the node runs as the system user "opensearch" from a
# directory outside /root. Data lives in a fresh directory per start: it is a test/dev node.
# With OM_OPENSEARCH_CLUSTER_PORTS (the HTTP ports of every node, this one's included) the node joins
# those as one cluster instead of running alone; scripts/opensearch-cluster.sh starts such a cluster.
set -euo pipefail

OS_VERSION="${OM_OPENSEARCH_VERSION:-2.19.6}"
PORT="${OM_OPENSEARCH_PORT:-9250}"
CACHE="${OM_CACHE_DIR:-$HOME/.cache/om-site}/opensearch-$OS_VERSION"
ROOT="${OM_SERVICE_DIR:-/var/lib/om-site}"
HOME_DIR="$ROOT/opensearch-$OS_VERSION"
DATA_DIR="$ROOT/opensearch-data-$PORT"
PID_FILE="$ROOT/opensearch-$PORT.pid"
RUN_USER=opensearch
URL="http://127.0.0.1:$PORT"
MVN=(mvn -q -B -Dstyle.color=never -Dmaven.repo.local="$CACHE/m2")

ENGINE=OpenSearch
source "$(dirname "${BASH_SOURCE[0]}")/engine_node.sh"

java_home() {
    # 2.19 cannot bootstrap on Java 24+; Debian's OpenJDK 17 is the supported runtime.
    local jh
    for jh in /usr/lib/jvm/java-17-openjdk-*; do
        [ -x "$jh/bin/java" ] && { echo "$jh"; return; }
    done
    log "installing OpenJDK 17 and Maven from Debian" >&2
    apt_install openjdk-17-jre-headless maven >&2
    for jh in /usr/lib/jvm/java-17-openjdk-*; do echo "$jh"; return; done
}


module_pom() {
    # Throwaway pom: one plugin module plus its runtime deps, minus what lib/ already has
    # (duplicate jars fail OpenSearch's jar-hell check).
    local artifact=$1
    cat <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>om-site</groupId><artifactId>fetch-$artifact</artifactId><version>1</version>
  <dependencies>
    <dependency>
      <groupId>org.opensearch.plugin</groupId><artifactId>$artifact</artifactId><version>$OS_VERSION</version>
      <exclusions>
        <exclusion><groupId>org.opensearch</groupId><artifactId>*</artifactId></exclusion>
        <exclusion><groupId>org.apache.lucene</groupId><artifactId>*</artifactId></exclusion>
        <exclusion><groupId>org.apache.logging.log4j</groupId><artifactId>*</artifactId></exclusion>
      </exclusions>
    </dependency>
  </dependencies>
</project>
POM
}

fetch() {
    mkdir -p "$CACHE"
    command -v mvn >/dev/null || apt_install maven
    if [ ! -f "$CACHE/opensearch-$OS_VERSION.zip" ]; then
        log "downloading the OpenSearch $OS_VERSION distribution from Maven Central"
        "${MVN[@]}" org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
            -Dartifact="org.opensearch.distribution.integ-test-zip:opensearch:$OS_VERSION:zip" \
            -DoutputDirectory="$CACHE"
    fi
    local module
    for module in analysis-common lang-painless; do
        [ -f "$CACHE/modules/$module/.complete" ] && continue
        log "downloading module $module"
        rm -rf "$CACHE/modules/$module" && mkdir -p "$CACHE/modules/$module"
        module_pom "$module" >"$CACHE/modules/$module/pom.xml"
        "${MVN[@]}" -f "$CACHE/modules/$module/pom.xml" \
            org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
            -DincludeScope=runtime -DoutputDirectory="$CACHE/modules/$module/jars"
        touch "$CACHE/modules/$module/.complete"
    done
}

descriptor() {
    local name=$1 classname=$2 extended=${3:-}
    cat <<PROPS
name=$name
description=$name module assembled by om-site
version=$OS_VERSION
opensearch.version=$OS_VERSION
java.version=11
classname=$classname
extended.plugins=$extended
has.native.controller=false
PROPS
}

install() {
    if [ -f "$HOME_DIR/.complete" ]; then
        return
    fi
    fetch
    log "assembling $HOME_DIR"
    id -u "$RUN_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_USER"
    rm -rf "$HOME_DIR" && mkdir -p "$ROOT"
    local tmp
    tmp=$(mktemp -d "$ROOT/unpack.XXXX")
    (cd "$tmp" && python3 -m zipfile -e "$CACHE/opensearch-$OS_VERSION.zip" .)
    mv "$tmp/opensearch-$OS_VERSION" "$HOME_DIR" && rm -rf "$tmp"
    chmod +x "$HOME_DIR"/bin/*  # zipfile drops the exec bits

    mkdir -p "$HOME_DIR/modules/analysis-common" "$HOME_DIR/modules/lang-painless"
    cp "$CACHE"/modules/analysis-common/jars/*.jar "$HOME_DIR/modules/analysis-common/"
    cp "$CACHE"/modules/lang-painless/jars/*.jar "$HOME_DIR/modules/lang-painless/"
    descriptor analysis-common org.opensearch.analysis.common.CommonAnalysisPlugin lang-painless \
        >"$HOME_DIR/modules/analysis-common/plugin-descriptor.properties"
    descriptor lang-painless org.opensearch.painless.PainlessPlugin \
        >"$HOME_DIR/modules/lang-painless/plugin-descriptor.properties"
    cat >"$HOME_DIR/modules/lang-painless/plugin-security.policy" <<'POLICY'
grant {
  permission java.lang.RuntimePermission "createClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
};
POLICY
    mkdir -p "$HOME_DIR/config/jvm.options.d"
    echo -e "-Xms512m\n-Xmx512m" >"$HOME_DIR/config/jvm.options.d/heap.options"
    touch "$HOME_DIR/.complete"
    chown -R "$RUN_USER" "$HOME_DIR"
}


start() {
    if running_pid >/dev/null; then
        log "already running at $URL"
        return
    fi
    install
    local jh
    jh=$(java_home)
    # A restart of the same node (--keep-data) keeps its indices, as a production node would.
    if [ "${1:-}" != "--keep-data" ]; then
        rm -rf "$DATA_DIR"
    fi
    mkdir -p "$DATA_DIR/data" "$DATA_DIR/logs"
    rm -rf "$DATA_DIR/config"
    cat >"$DATA_DIR/opensearch.yml" <<YML
$(discovery)
network.host: 127.0.0.1
http.port: $PORT
transport.port: $((PORT + 100))
path.data: $DATA_DIR/data
path.logs: $DATA_DIR/logs
cluster.routing.allocation.disk.threshold_enabled: false
node.store.allow_mmap: false
bootstrap.system_call_filter: false
YML
    # One config dir per node so several ports can run side by side.
    cp -r "$HOME_DIR/config" "$DATA_DIR/config"
    cp "$DATA_DIR/opensearch.yml" "$DATA_DIR/config/opensearch.yml"
    chown -R "$RUN_USER" "$DATA_DIR"
    touch "$PID_FILE" && chown "$RUN_USER" "$PID_FILE"
    log "starting OpenSearch $OS_VERSION on $URL"
    local started=$SECONDS
    runuser -u "$RUN_USER" -- env JAVA_HOME="$jh" OPENSEARCH_JAVA_HOME="$jh" OPENSEARCH_PATH_CONF="$DATA_DIR/config" \
        "$HOME_DIR/bin/opensearch" -d -p "$PID_FILE" >"$DATA_DIR/logs/stdout.log" 2>&1
    # A cluster's node cannot be ready before the others have started: opensearch-cluster.sh waits.
    [ -n "$CLUSTER_PORTS" ] || wait_until_ready "$started"
}

CLUSTER_PORTS="${OM_OPENSEARCH_CLUSTER_PORTS:-}"

discovery() {
    if [ -z "$CLUSTER_PORTS" ]; then
        printf 'cluster.name: om-site-%s\nnode.name: om-site-node\ndiscovery.type: single-node\n' "$PORT"
        return
    fi
    local port seeds=() names=()
    for port in $CLUSTER_PORTS; do
        seeds+=("\"127.0.0.1:$((port + 100))\"")
        names+=("\"om-site-node-$port\"")
    done
    local IFS=,
    printf 'cluster.name: om-site-cluster-%s\nnode.name: om-site-node-%s\n' "${CLUSTER_PORTS%% *}" "$PORT"
    printf 'discovery.seed_hosts: [%s]\ncluster.initial_cluster_manager_nodes: [%s]\n' "${seeds[*]}" "${names[*]}"
}

dispatch "$@"
