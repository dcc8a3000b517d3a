#!/usr/bin/env bash
# Delivery throughput against postfix's smtp-sink on 127.0.0.1, compared with what smtp-source
# (postfix's C load generator) pushes through the same sink at the same message size over the
# same number of sessions. Installs the postfix test tools when they are missing (Debian).
#
#   tests/InvestChn.Benchmarks/deliver.sh [SUBSCRIBERS] [CONNECTIONS] [PORT]
#   TEMPLATES=compile tests/InvestChn.Benchmarks/deliver.sh ...   (the measured process compiles the templates itself
#       rather than loading them from Templates:CacheDirectory, where the set-up leaves them)
#   PROVIDER=Postgres NODES=2 tests/InvestChn.Benchmarks/deliver.sh ...   (the outbox on PostgreSQL, drained by NODES nodes
#       at once, each with CONNECTIONS connections; the server is INVESTCHN_BENCH_POSTGRES, or a throwaway
#       cluster started with .ci/with-postgres when that is unset)
#
# Targets: >= 2,500 messages/s, >= 0.6 x smtp-source, peak RSS <= 250 MiB.
set -euo pipefail

subscribers=${1:-100000}
connections=${2:-4}
port=${3:-2525}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
provider=${PROVIDER:-Sqlite}
nodes=${NODES:-1}
templates=${TEMPLATES:-cached}
# smtp-source gets as many sessions as all nodes have connections.
sessions=$((connections * nodes))
if [[ $provider == Postgres && -z ${INVESTCHN_BENCH_POSTGRES:-} ]]; then
    exec "$repo/.ci/with-postgres" bash -c 'INVESTCHN_BENCH_POSTGRES=$INVESTCHN_TEST_POSTGRES exec bash "$0" "$@"' "${BASH_SOURCE[0]}" "$@"
fi
export PATH="$PATH:/usr/sbin:/sbin"
work=$(mktemp -d)
sink_pid=
cleanup() {
    if [[ -n $sink_pid ]]; then
        kill "$sink_pid" 2>/dev/null || true
        wait "$sink_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if ! command -v smtp-sink >/dev/null || ! command -v smtp-source >/dev/null; then
    echo "installing postfix for smtp-sink and smtp-source"
    # "No configuration": the package brings its tools, and no mail daemon is set up to listen.
    echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postfix >/dev/null
fi

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "something already listens on 127.0.0.1:$port; pick another port" >&2
    exit 1
fi

echo "building the benchmark (Release)"
dotnet build -c Release "$repo/tests/InvestChn.Benchmarks" -v quiet -nologo >/dev/null

# A backlog of 1000 so no connection waits in the listen queue; -u is required when run as root.
sink_user=()
[[ $(id -u) -eq 0 ]] && sink_user=(-u nobody)
smtp-sink "${sink_user[@]}" -c 127.0.0.1:"$port" 1000 >"$work/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done

ticks=$(getconf CLK_TCK)
sink_cpu() { awk -v t="$ticks" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$sink_pid/stat"; }

echo
echo "== .NET: dotnet run -c Release --project tests/InvestChn.Benchmarks -- deliver --subscribers $subscribers --connections $connections --port $port --provider $provider --nodes $nodes --templates $templates"
cpu0=$(sink_cpu)
status=0
dotnet run -c Release --no-build --project "$repo/tests/InvestChn.Benchmarks" -- \
    deliver --subscribers "$subscribers" --connections "$connections" --port "$port" --provider "$provider" --nodes "$nodes" --templates "$templates" | tee "$work/dotnet.log" || status=$?
echo "smtp-sink CPU during the whole .NET run: $(awk -v a="$cpu0" -v b="$(sink_cpu)" 'BEGIN { printf "%.1f", b - a }') s"
result=$(grep '^RESULT ' "$work/dotnet.log")
value() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$result"; }
dotnet_rate=$(value messages_per_second)
peak=$(value peak_rss_mib)
size=$(value average_message_bytes)

# smtp-source: -d keeps each session open for many messages, as the dispatcher's connections do.
source_run() {
    local label=$1
    shift
    local cpu start end
    cpu=$(sink_cpu)
    start=$(date +%s.%N)
    smtp-source "$@" -s "$sessions" -l "$size" -m "$subscribers" -f digest@investchn.com -t reader@example.com 127.0.0.1:"$port"
    end=$(date +%s.%N)
    awk -v n="$subscribers" -v a="$start" -v b="$end" -v c0="$cpu" -v c1="$(sink_cpu)" -v l="$label" \
        'BEGIN { printf "smtp-source %s: %d messages in %.2f s = %.0f messages/s (smtp-sink CPU %.1f s)\n", l, n, b - a, n / (b - a), c1 - c0 }' >&2
    awk -v n="$subscribers" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }'
}
echo
echo "== smtp-source -d -s $sessions -l $size -m $subscribers 127.0.0.1:$port (same size, same sessions)"
source_rate=$(source_run "(sessions kept open)" -d)
source_fresh=$(source_run "(a new session per message)")

echo
awk -v d="$dotnet_rate" -v s="$source_rate" -v f="$source_fresh" -v p="$peak" -v z="$size" -v c="$connections" 'BEGIN {
    r = d / s
    printf "message size %d bytes, %d connections\n", z, c
    printf ".NET deliver:              %6d messages/s   (target >= 2500: %s)\n", d, (d >= 2500 ? "met" : "MISSED")
    printf "smtp-source, kept open:    %6d messages/s\n", s
    printf "smtp-source, per message:  %6d messages/s\n", f
    printf "ratio .NET / smtp-source:  %6.2f            (target >= 0.60: %s)\n", r, (r >= 0.6 ? "met" : "MISSED")
    printf "peak RSS:                  %6d MiB          (target <= 250: %s)\n", p, (p <= 250 ? "met" : "MISSED")
}'
if [[ $status -ne 0 ]]; then
    echo "the .NET benchmark failed (exit $status): not every digest ended sent" >&2
fi
exit "$status"
