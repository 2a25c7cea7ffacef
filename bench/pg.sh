# shellcheck shell=bash
# Source this file: bench_pg_start starts the benchmark's PostgreSQL cluster, kept under
# bench/.data/pg so a generated dataset survives between runs (created on first use; as the
# postgres user when running as root), on a Unix socket only, and sets BENCH_PG_URL (default
# dataset) and BENCH_PG_URL_LARGE (10,000 employees). bench_pg_stop stops it.
bench_pg_start() {
  local bin dir
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$bin" ]; then
    echo "PostgreSQL server binaries not found (bin/bench-deps --postgres)." >&2
    return 1
  fi
  dir="$(pwd)/bench/.data/pg"
  if [ "$(id -u)" -eq 0 ]; then BENCH_PG_AS=(runuser -u postgres --); else BENCH_PG_AS=(); fi
  if [ ! -d "$dir/data" ]; then
    mkdir -p "$dir"
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    "${BENCH_PG_AS[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
  fi
  # Production-like durability (fsync on); memory sized for the 24 GB reference machine.
  "${BENCH_PG_AS[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-k $dir -c listen_addresses='' -c shared_buffers=2GB -c effective_cache_size=8GB" \
    start >/dev/null
  for name in portal_bench portal_bench_large; do
    "$bin/psql" -h "$dir" -U postgres -qAtc "select 1 from pg_database where datname='$name'" \
      | grep -q 1 || "$bin/psql" -h "$dir" -U postgres -qc "create database $name" >/dev/null
  done
  BENCH_PG_BIN=$bin
  BENCH_PG_DIR=$dir
  BENCH_PG_URL="postgresql+psycopg://postgres@/portal_bench?host=$dir"
  BENCH_PG_URL_LARGE="postgresql+psycopg://postgres@/portal_bench_large?host=$dir"
  export BENCH_PG_DIR BENCH_PG_URL BENCH_PG_URL_LARGE
}

bench_pg_stop() {
  if [ -n "${BENCH_PG_DIR:-}" ] && [ -d "$BENCH_PG_DIR/data" ]; then
    "${BENCH_PG_AS[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$BENCH_PG_DIR/data" -m fast -w stop >/dev/null || true
  fi
}
