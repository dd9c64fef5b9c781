#!/usr/bin/env bash
# Measures `bounce-cli scan --json` on an IMAP folder of N messages (the
# .eml sample bounces, repeated) served by a throw-away Dovecot on
# 127.0.0.1 over TLS: a scan without history, a first scan with history,
# and the incremental scan after it, which fetches nothing new. Prints
# the wall-clock seconds of each. The copies repeat the same few dozen
# messages, so with history the parse cache serves most of them: the
# first scan with history measures fetching and hashing, not parsing.
#
# Usage: tests/bench/bench-imap.sh [N]
#   N  number of messages (default 2000)
# Environment:
#   BOUNCE_CLI  the program to measure (default: build/app/cli/bounce-cli)
#   BENCH_OUT   work folder (default: tests/bench/out/imap, git-ignored)
#
# Needs dovecot (dovecot-imapd) and openssl; runs Dovecot's mail
# processes as "nobody" when run as root.

set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
count=${1:-2000}
cli=${BOUNCE_CLI:-$source_dir/build/app/cli/bounce-cli}
out=${BENCH_OUT:-$source_dir/tests/bench/out/imap}
password="bench password"

if ! [[ $count =~ ^[0-9]+$ ]] || [ "$count" -eq 0 ]; then
  echo "bench-imap: N must be a positive number, not “$count”" >&2
  exit 2
fi
if [ ! -x "$cli" ]; then
  echo "bench-imap: $cli not found. Build first or set BOUNCE_CLI." >&2
  exit 1
fi
dovecot=$(command -v dovecot || echo /usr/sbin/dovecot)
if [ ! -x "$dovecot" ]; then
  echo "bench-imap: dovecot is missing. Install it with: apt-get install dovecot-imapd" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out/run" "$out/state" "$out/home/bench/Maildir/"{cur,new,tmp}
chmod 755 "$out" "$out/home"

# Free ports: the kernel's pick for port 0.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
plain_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -keyout "$out/key.pem" -out "$out/cert.pem" 2>/dev/null
chmod 644 "$out/key.pem"
fingerprint=$(openssl x509 -noout -fingerprint -sha256 -in "$out/cert.pem" | cut -d= -f2)
echo "bench:{PLAIN}$password" > "$out/passwd"
chmod 644 "$out/passwd"

if [ "$(id -u)" -eq 0 ]; then
  mail_user=nobody
  extra=""
else
  mail_user=$(id -un)
  extra="default_login_user = $mail_user
default_internal_user = $mail_user
default_internal_group = $(id -gn)
service imap-login {
  chroot =
}
service anvil {
  chroot =
}"
fi

cat > "$out/dovecot.conf" <<EOF
base_dir = $out/run
state_dir = $out/state
log_path = $out/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <$out/cert.pem
ssl_key = <$out/key.pem
first_valid_uid = 1
first_valid_gid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $out/passwd
}
userdb {
  driver = static
  args = uid=$(id -u $mail_user) gid=$(id -g $mail_user) home=$out/home/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $plain_port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $port
    ssl = yes
  }
}
$extra
EOF

# N messages: the samples in turn, each file a message of the folder.
mapfile -t samples < <(ls "$source_dir"/data/samples/bounces/*.eml)
for ((i = 0; i < count; i++)); do
  cp "${samples[i % ${#samples[@]}]}" "$out/home/bench/Maildir/cur/$i.bench:2,S"
done
chown -R "$mail_user" "$out/home"

"$dovecot" -F -c "$out/dovecot.conf" &
dovecot_pid=$!
trap 'kill $dovecot_pid 2>/dev/null; wait $dovecot_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  if grep -q "starting up" "$out/dovecot.log" 2>/dev/null && \
     python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
sleep 1

uri="imaps://bench@127.0.0.1:$port/INBOX"
export BOUNCE_IMAP_PASSWORD=$password

measure () {
  local label=$1
  shift
  local start end seconds
  start=$(date +%s.%N)
  "$cli" scan --json --trust-fingerprint "$fingerprint" "$@" "$uri" > "$out/records.json" 2> "$out/stderr.txt"
  end=$(date +%s.%N)
  seconds=$(python3 -c "print(f'{$end - $start:.2f}')")
  printf '%-34s %8s s  %s\n' "$label" "$seconds" "$(tail -n 1 "$out/stderr.txt")"
}

# Dovecot indexes the folder on its first EXAMINE; a warm-up scan keeps
# that out of the figures.
"$cli" scan --json --no-history --trust-fingerprint "$fingerprint" "$uri" > /dev/null 2>&1

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "Messages: $count"
measure "scan, no history" --no-history
measure "scan, history, first" --db "$out/history.db"
measure "scan, history, incremental" --db "$out/history.db"
