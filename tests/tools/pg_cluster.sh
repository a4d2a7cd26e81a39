# Sourced by the PostgreSQL checks and benchmarks: a throwaway cluster in a folder of its own.
#
#   pg_cluster_start DIR PASSWORD   initdb in DIR/data (password authentication, user lethe_admin),
#                                    start on a free port of 127.0.0.1 and export PGHOST, PGPORT,
#                                    PGUSER, PGDATABASE and PGPASSWORD for it
#   pg_cluster_stop DIR             stop it (immediately) and remove DIR
#
# The server refuses to run as root: then it runs as the postgres user.

pg_cluster_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$bin/initdb" ] || { echo "PostgreSQL is missing (scripts/setup --test installs it)" >&2; return 1; }
  echo "$bin"
}

pg_cluster_as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_cluster_start() {
  local dir=$1 password=$2 bin port
  bin=$(pg_cluster_bin) || return 1
  mkdir -p "$dir/data" "$dir/socket" "$dir/server"
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir/data" "$dir/socket" "$dir/server"
  echo "$password" >"$dir/password"
  chmod 644 "$dir/password"
  pg_cluster_as_server "$bin/initdb" -D "$dir/data" -U lethe_admin --pwfile="$dir/password" \
    --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; return 1; }
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_cluster_as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server/log" -w \
    -o "-p $port -k $dir/socket -c listen_addresses=127.0.0.1" start >/dev/null ||
    { cat "$dir/server/log" >&2; return 1; }
  export PGHOST=127.0.0.1 PGPORT=$port PGUSER=lethe_admin PGDATABASE=postgres PGPASSWORD=$password
}

pg_cluster_stop() {
  local dir=$1 bin
  bin=$(pg_cluster_bin) || return 0
  pg_cluster_as_server "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
