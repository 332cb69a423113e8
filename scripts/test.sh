#!/usr/bin/env bash
# Sets everything up and runs the whole test suite against real services:
#   lint, import contracts, mypy + Django checks, then pytest four times: PostgreSQL + OpenSearch + Redis
#   as the shared cache (everything), then the embedded default (SQLite + database search, without the
#   browser tests; with coverage and its floor) beside the security drills (scripts/drills.sh); from the
#   start, beside the first pass, PostgreSQL + Elasticsearch 8 (the search suites and health checks:
#   ES_PASS_TESTS) and PostgreSQL + a three-node OpenSearch cluster (tests/search/test_engine_cluster.py).
#   Each pass lists its slowest tests; the run ends with each stage's time. Starts and stops every
#   service it needs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

export OM_OPENSEARCH_PORT="${OM_OPENSEARCH_PORT:-9250}"
export OM_POSTGRES_PORT="${OM_POSTGRES_PORT:-5433}"
export OM_ELASTICSEARCH_PORT="${OM_ELASTICSEARCH_PORT:-9260}"
export OM_REDIS_PORT="${OM_REDIS_PORT:-6380}"
# The Elasticsearch and cluster passes have a PostgreSQL server of their own: the drills beside them
# restart theirs.
SECOND_POSTGRES_PORT="${OM_SECOND_POSTGRES_PORT:-5434}"
SECOND_DATABASE_URL="$(OM_POSTGRES_PORT=$SECOND_POSTGRES_PORT bash scripts/postgres.sh url)"
# The Elasticsearch pass: every engine-marked test, the directory and site search suites (with the
# judged set and the analysis comparison), the health checks. A run of chosen tests passes its
# own paths instead (those outside these folders are collected but not run: -m below).
ES_PASS_TESTS=(tests/search tests/test_health.py)

cleanup() {
    jobs -p | xargs -r kill 2>/dev/null || true  # an aborted run: the Elasticsearch install, the drills
    bash scripts/drills.sh stop || true  # the drills' own Redis, cluster, nginx and app servers
    bash scripts/elasticsearch.sh stop || true
    bash scripts/opensearch-cluster.sh stop || true
    bash scripts/opensearch.sh stop || true
    bash scripts/redis.sh stop || true
    bash scripts/varnish.sh stop || true
    bash scripts/postgres.sh stop || true
    OM_POSTGRES_PORT=$SECOND_POSTGRES_PORT bash scripts/postgres.sh stop || true
}
trap cleanup EXIT

started=$SECONDS
drills=$([ $# -eq 0 ] && echo yes || echo no)  # a run of chosen tests (extra arguments) skips the drills
# The whole suite's SQLite pass measures coverage of the app packages (pyproject.toml [tool.coverage.run])
# and fails under the floor: raise it, never lower it. That pass runs beside the drills, which take longer,
# so tracing costs no wall time there (on the first pass it lay on the critical path). 95: this pass's
# 95.20 % of 2026-12-02 rounded down.
coverage=()
if [ $# -eq 0 ]; then
    coverage=(--cov --cov-report=html:test-artifacts/coverage --cov-fail-under=95)
fi
mkdir -p test-artifacts
if [ "$drills" = yes ]; then
    ensure_drill_tools >test-artifacts/drill-tools.log 2>&1 &  # its own venv: installs beside the next steps
    tools_pid=$!
fi
ensure_venv
ensure_node_tools
ensure_chromium
ensure_java  # for vnu.jar, whether or not OpenSearch (which also needs it) is started
ensure_varnish  # the full-page cache test (tests/test_frontend_cache.py starts and stops its own)
say "Chromium: $(chromium --version 2>/dev/null | head -n 1)"

bash scripts/postgres.sh start
bash scripts/redis.sh start
bash scripts/opensearch.sh start

failures=()
timings=()
run() {
    local name=$1 began=$SECONDS
    shift
    say "$name"
    "$@" || failures+=("$name")
    timings+=("$(printf '%6d s  %s' $((SECONDS - began)) "$name")")
}

elasticsearch_pass() {
    bash scripts/elasticsearch.sh install >test-artifacts/elasticsearch-install.log 2>&1 ||
        { cat test-artifacts/elasticsearch-install.log; return 1; }
    bash scripts/elasticsearch.sh start || return 1
    say "Elasticsearch: $(curl -fsS "http://127.0.0.1:$OM_ELASTICSEARCH_PORT" |
        "$PY" -c 'import json,sys; print(json.load(sys.stdin)["version"]["number"])')"
    local paths=("${ES_PASS_TESTS[@]}") status=0
    [ $# -gt 0 ] && paths=("$@")
    env DATABASE_URL="$SECOND_DATABASE_URL" \
        SEARCH_ENGINE=elasticsearch SEARCH_ENGINE_URL="http://127.0.0.1:$OM_ELASTICSEARCH_PORT" \
        OM_OPENSEARCH_URL="http://127.0.0.1:$OM_OPENSEARCH_PORT" OM_REQUIRE_ENGINE=1 \
        "$VENV/bin/pytest" -p no:cacheprovider --durations=10 -m "not browser" "${paths[@]}" || status=$?
    bash scripts/elasticsearch.sh stop
    return $status
}

# Only its own file: the other engine tests stop and start a single node.
cluster_pass() {
    local status=0
    bash scripts/opensearch-cluster.sh start || { bash scripts/opensearch-cluster.sh stop; return 1; }
    env DATABASE_URL="$SECOND_DATABASE_URL" \
        SEARCH_ENGINE=opensearch SEARCH_ENGINE_URL="$(bash scripts/opensearch-cluster.sh urls)" OM_REQUIRE_ENGINE=1 \
        "$VENV/bin/pytest" -p no:cacheprovider --durations=5 tests/search/test_engine_cluster.py || status=$?
    bash scripts/opensearch-cluster.sh stop
    return $status
}

# The Elasticsearch and cluster passes need neither the first pass's services nor the drills': their
# own PostgreSQL server (SECOND_POSTGRES_PORT), Elasticsearch (installed first: fetched, assembled, its
# module compiled) and three-node cluster. They run beside the first pass, where the second core is
# mostly idle, into test-artifacts/engine-passes.log; their times and failures are added at the end.
engine_lane() {
    local name began status
    : >test-artifacts/engine-passes.times
    rm -f test-artifacts/engine-passes.failed
    OM_POSTGRES_PORT=$SECOND_POSTGRES_PORT bash scripts/postgres.sh start
    for name in "pytest on PostgreSQL + Elasticsearch" "pytest on PostgreSQL + a three-node OpenSearch cluster"; do
        if [[ $name == *cluster* ]] && [ $# -gt 0 ] && [[ " $* " != *test_engine_cluster* ]]; then
            continue
        fi
        began=$SECONDS status=0
        say "$name"
        if [[ $name == *cluster* ]]; then cluster_pass || status=$?; else elasticsearch_pass "$@" || status=$?; fi
        [ $status -eq 0 ] || echo "$name" >>test-artifacts/engine-passes.failed
        printf '%6d s  %s (beside the first passes)\n' $((SECONDS - began)) "$name" >>test-artifacts/engine-passes.times
    done
    OM_POSTGRES_PORT=$SECOND_POSTGRES_PORT bash scripts/postgres.sh stop
    [ ! -f test-artifacts/engine-passes.failed ]
}
engine_lane "$@" >test-artifacts/engine-passes.log 2>&1 &
engine_lane_pid=$!

run "ruff" "$VENV/bin/ruff" check .
run "ruff format" "$VENV/bin/ruff" format --check --quiet .
run "import contracts (lint-imports)" "$VENV/bin/lint-imports" --no-cache
run "mypy" "$VENV/bin/mypy"
run "manage.py check" env DJANGO_SETTINGS_MODULE=om_site.settings.test "$PY" manage.py check
run "makemigrations --check" env DJANGO_SETTINGS_MODULE=om_site.settings.test \
    "$PY" manage.py makemigrations --check --dry-run

# Like production: PostgreSQL, the engine and Redis as the shared cache.
run "pytest on PostgreSQL + OpenSearch + Redis" env \
    DATABASE_URL="$(bash scripts/postgres.sh url)" CACHE_URL="$(bash scripts/redis.sh url)" \
    SEARCH_ENGINE=opensearch SEARCH_ENGINE_URL="http://127.0.0.1:$OM_OPENSEARCH_PORT" \
    OM_REQUIRE_ENGINE=1 \
    "$VENV/bin/pytest" -p no:cacheprovider --durations=20 "$@"

# The drills run beside the SQLite pass (which does not use their PostgreSQL
# server): their own database (omsite_drills), Redis (6381), three-node OpenSearch cluster (9275–9277),
# nginx and app servers (8443, 8454/8455), which scripts/drills.sh starts and stops itself. The
# PostgreSQL restart of their fault drill is why they do not run beside the first pass.
if [ "$drills" = yes ]; then
    if wait "$tools_pid"; then
        say "security drills started in the background (log: test-artifacts/drills.log)"
        OM_SERVICES_RUNNING=1 bash scripts/drills.sh >test-artifacts/drills.log 2>&1 &
        drills_pid=$! drills_started=$SECONDS
    else
        cat test-artifacts/drill-tools.log
        failures+=("security tools install")
        drills=no
    fi
fi

# The browser tests ran in the pass above; here they would repeat the same pages in the same
# Chromium (the database-specific behaviour is covered by the other tests of this pass).
run "pytest on SQLite + database search" env -u DATABASE_URL -u SEARCH_ENGINE_URL -u SEARCH_ENGINE \
    "$VENV/bin/pytest" -p no:cacheprovider --durations=20 -m "not browser" "${coverage[@]}" "$@"

say "Elasticsearch and cluster passes (ran beside the first pass; log: test-artifacts/engine-passes.log)"
lane_status=0
wait "$engine_lane_pid" || lane_status=$?
cat test-artifacts/engine-passes.log
mapfile -t -O "${#timings[@]}" timings <test-artifacts/engine-passes.times
if [ -f test-artifacts/engine-passes.failed ]; then
    mapfile -t -O "${#failures[@]}" failures <test-artifacts/engine-passes.failed
elif [ $lane_status -ne 0 ]; then
    failures+=("Elasticsearch and cluster passes (setup)")
fi

if [ "$drills" = yes ]; then
    say "security drills (scripts/drills.sh)"
    wait "$drills_pid" || failures+=("security drills")
    # Until here: the drills' own time is the last line of their table.
    timings+=("$(printf '%6d s  %s' $((SECONDS - drills_started)) "security drills (started after the first pass)")")
    cat test-artifacts/drills.log
fi

say "stages:"
printf '%s\n' "${timings[@]}"
say "finished in $((SECONDS - started)) s"
if [ ${#failures[@]} -gt 0 ]; then
    say "FAILED: ${failures[*]}"
    exit 1
fi
say "all stages passed"
