# A throwaway PostgreSQL cluster for the receiver's second backend, owned by the test
# run: created in a temporary folder, listening on loopback only, removed afterwards.
# Sourced by ./test after scripts/setup.sh (for say and as_root).

# Installs Debian's postgresql when no server binaries are present.
ensure_postgres() {
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    say "installing PostgreSQL (Debian's postgresql) for the receiver's second backend"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
  fi
}

# The newest installed server's bin folder.
postgres_bin() {
  ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1
}

# Runs a server command as the cluster's owner: PostgreSQL refuses to run as root,
# so under root it runs as the `postgres` user Debian's package creates.
as_cluster_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts the cluster and exports CANDOR_TEST_POSTGRES (postgres://postgres@127.0.0.1:PORT).
# Durable commits (fsync) stay on, so the benchmark measures what production does.
start_test_postgres() {
  ensure_postgres || return 1
  local bin port
  bin=$(postgres_bin)
  CANDOR_PG_DIR=$(mktemp -d /tmp/candor-pg.XXXXXX)
  chmod 755 "$CANDOR_PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$CANDOR_PG_DIR"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_cluster_owner "$bin/initdb" -D "$CANDOR_PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null || return 1
  as_cluster_owner "$bin/pg_ctl" -D "$CANDOR_PG_DIR/data" -l "$CANDOR_PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $CANDOR_PG_DIR -c max_connections=300" start >/dev/null || {
    cat "$CANDOR_PG_DIR/log" >&2
    return 1
  }
  export CANDOR_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port"
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the test run on 127.0.0.1:$port"
}

# Stops the cluster and removes its files.
stop_test_postgres() {
  if [ -n "${CANDOR_PG_DIR:-}" ] && [ -d "$CANDOR_PG_DIR/data" ]; then
    as_cluster_owner "$(postgres_bin)/pg_ctl" -D "$CANDOR_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$CANDOR_PG_DIR"
  fi
  unset CANDOR_TEST_POSTGRES CANDOR_PG_DIR
}
