#!/usr/bin/env bash
# A real single-node Elasticsearch 8 for tests, built only from Maven Central (like scripts/opensearch.sh).
#
#   scripts/elasticsearch.sh install   fetch + assemble + compile the project's module (idempotent,
#                                      downloads cached in ~/.cache/om-site)
#   scripts/elasticsearch.sh start     install if needed, start on 127.0.0.1:$OM_ELASTICSEARCH_PORT, wait for yellow
#   scripts/elasticsearch.sh stop      stop the node started by this script (no-op if none)
#   scripts/elasticsearch.sh status    print the cluster health or "down"
#   scripts/elasticsearch.sh url       print the node's URL
#
# Maven Central's zip (integ-test-zip) lacks the analysis-common and rest-root modules; the project's
# own small module (scripts/elasticsearch-module/, compiled here with javac against the zip's lib/)
# provides what the project's index settings use and GET /. Elasticsearch refuses to run as root: the
# node runs as the system user "elasticsearch". Data lives in a fresh directory per start and port.
# Licence of the node: Elastic License 2.0 / AGPLv3 (x-pack modules ELv2): for tests, never shipped.
set -euo pipefail

ES_VERSION="${OM_ELASTICSEARCH_VERSION:-8.19.21}"
PORT="${OM_ELASTICSEARCH_PORT:-9260}"
CACHE="${OM_CACHE_DIR:-$HOME/.cache/om-site}/elasticsearch-$ES_VERSION"
ROOT="${OM_SERVICE_DIR:-/var/lib/om-site}"
MODULE_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/elasticsearch-module"
# The node's folder names the module's source hash: worktrees with different module sources do not collide.
MODULE_HASH=$(cd "$MODULE_SRC" && find . -name '*.java' | sort | xargs cat | sha256sum | cut -c1-12)
HOME_DIR="$ROOT/elasticsearch-$ES_VERSION-$MODULE_HASH"
DATA_DIR="$ROOT/elasticsearch-data-$PORT"
PID_FILE="$ROOT/elasticsearch-$PORT.pid"
RUN_USER=elasticsearch
URL="http://127.0.0.1:$PORT"
MVN=(mvn -q -B -Dstyle.color=never -Dmaven.repo.local="$CACHE/m2")

ENGINE=Elasticsearch
source "$(dirname "${BASH_SOURCE[0]}")/engine_node.sh"


java_home() {
    # Java 17: 8.19 refuses Java 24+ with a Security Manager error. The JDK (javac) builds the module.
    local jh
    for jh in /usr/lib/jvm/java-17-openjdk-*; do
        [ -x "$jh/bin/javac" ] && { echo "$jh"; return; }
    done
    log "installing the OpenJDK 17 JDK and Maven from Debian" >&2
    apt_install openjdk-17-jdk-headless maven >&2
    for jh in /usr/lib/jvm/java-17-openjdk-*; do
        [ -x "$jh/bin/javac" ] && { echo "$jh"; return; }
    done
    log "no javac for Java 17 found" >&2
    return 1
}

fetch() {
    mkdir -p "$CACHE"
    command -v mvn >/dev/null || apt_install maven
    if [ ! -f "$CACHE/elasticsearch-$ES_VERSION.zip" ]; then
        log "downloading the Elasticsearch $ES_VERSION distribution from Maven Central"
        "${MVN[@]}" org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
            -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
            -DoutputDirectory="$CACHE"
    fi
}

build_module() {
    local jh=$1 target="$HOME_DIR/modules/om-site-analysis" classes
    classes=$(mktemp -d)
    log "compiling the om-site-analysis module"
    "$jh/bin/javac" -nowarn --release 17 -d "$classes" -cp "$HOME_DIR/lib/*" \
        $(find "$MODULE_SRC" -name '*.java' | sort)
    mkdir -p "$target"
    "$jh/bin/jar" --create --file "$target/om-site-analysis.jar" -C "$classes" .
    rm -rf "$classes"
    cat >"$target/plugin-descriptor.properties" <<PROPS
name=om-site-analysis
description=The analysis components and GET / the OM-Site project needs (scripts/elasticsearch-module)
version=$ES_VERSION
elasticsearch.version=$ES_VERSION
java.version=17
classname=omsite.elasticsearch.OmSitePlugin
PROPS
}

install() {
    [ -f "$HOME_DIR/.complete" ] && return
    local jh
    jh=$(java_home)
    fetch
    log "assembling $HOME_DIR"
    id -u "$RUN_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_USER"
    rm -rf "$HOME_DIR" && mkdir -p "$ROOT"
    local tmp
    tmp=$(mktemp -d "$ROOT/unpack.XXXX")
    (cd "$tmp" && python3 -m zipfile -e "$CACHE/elasticsearch-$ES_VERSION.zip" .)
    mv "$tmp/elasticsearch-$ES_VERSION" "$HOME_DIR" && rm -rf "$tmp"
    chmod +x "$HOME_DIR"/bin/* "$HOME_DIR"/lib/platform/*/bin/* 2>/dev/null || true  # zipfile drops exec bits
    build_module "$jh"
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
    mkdir -p "$DATA_DIR/data" "$DATA_DIR/logs" "$DATA_DIR/tmp"
    # One config dir per node so several ports can run side by side.
    rm -rf "$DATA_DIR/config"
    cp -r "$HOME_DIR/config" "$DATA_DIR/config"
    cat >"$DATA_DIR/config/elasticsearch.yml" <<YML
cluster.name: om-site-$PORT
node.name: om-site-node
discovery.type: single-node
network.host: 127.0.0.1
http.port: $PORT
transport.port: $((PORT + 100))
path.data: $DATA_DIR/data
path.logs: $DATA_DIR/logs
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
node.store.allow_mmap: false
action.destructive_requires_name: false
YML
    # jvm.options writes gc.log, crash and heap-dump files relative to the working folder: make them absolute.
    sed -i -e "s|file=gc.log|file=$DATA_DIR/logs/gc.log|" -e "s|ErrorFile=hs_err|ErrorFile=$DATA_DIR/logs/hs_err|" \
        "$DATA_DIR/config/jvm.options"
    echo "-XX:HeapDumpPath=$DATA_DIR/logs" >"$DATA_DIR/config/jvm.options.d/paths.options"
    chown -R "$RUN_USER" "$DATA_DIR"
    touch "$PID_FILE" && chown "$RUN_USER" "$PID_FILE"
    log "starting Elasticsearch $ES_VERSION on $URL"
    local started=$SECONDS
    (cd "$DATA_DIR" && runuser -u "$RUN_USER" -- env ES_JAVA_HOME="$jh" ES_PATH_CONF="$DATA_DIR/config" \
        ES_TMPDIR="$DATA_DIR/tmp" "$HOME_DIR/bin/elasticsearch" -d -p "$PID_FILE" >"$DATA_DIR/logs/stdout.log" 2>&1) || {
        log "Elasticsearch failed to start; last log lines:"
        tail -n 40 "$DATA_DIR/logs/"*.log >&2 || true
        exit 1
    }
    wait_until_ready "$started"
}

dispatch "$@"
