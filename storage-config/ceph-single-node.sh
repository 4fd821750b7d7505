#!/usr/bin/env bash
# A throwaway single-node Ceph for trying ChartVault on an S3 cluster that enforces Object Lock, and for the long
# tests: one monitor, one OSD that keeps everything in memory (memstore), one radosgw (the S3 gateway), all on
# 127.0.0.1, all under one folder. Not for records anyone must keep: a restart of the OSD loses every object.
#
#   storage-config/ceph-single-node.sh start DIR    starts the daemons, prints CEPH_UP and the S3 endpoint
#   storage-config/ceph-single-node.sh stop DIR     stops the daemons started in DIR and removes DIR
#
# Needs the Debian 12 packages: apt-get install --no-install-recommends ceph-mon ceph-osd radosgw ceph-common
# (Ceph 16.2). Optional environment:
#   CEPH_RGW_PORT       the S3 port                                  (default 7480)
#   CEPH_MON_PORT       the monitor's msgr2 port; msgr1 is the next  (default 3300)
#   CEPH_ACCESS_KEY, CEPH_SECRET_KEY   the S3 user made for ChartVault (default chartvault / chartvault-secret)
#
# Facts this depends on (Ceph 16.2.15): with cephx off ("auth ... = none") the gateway loops on authentication
# unless clients are told "crc" mode; pools must allow size 1; memstore needs a device size.
set -euo pipefail

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -eq 2 ] || usage
action="$1"
dir="$2"

stop() {
  local pid
  for pidfile in "$dir"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
  done
  for pidfile in "$dir"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}

case "$action" in
  stop) stop; exit 0 ;;
  start) ;;
  *) usage ;;
esac

for tool in ceph-mon ceph-osd radosgw radosgw-admin ceph ceph-authtool monmaptool; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "ceph-single-node.sh: '$tool' is missing; install: apt-get install --no-install-recommends" \
         "ceph-mon ceph-osd radosgw ceph-common" >&2
    exit 3
  }
done

rgw_port="${CEPH_RGW_PORT:-7480}"
mon_port="${CEPH_MON_PORT:-3300}"
mon_v1_port=$((mon_port + 1))
access_key="${CEPH_ACCESS_KEY:-chartvault}"
secret_key="${CEPH_SECRET_KEY:-chartvault-secret}"
mon_addr="[v2:127.0.0.1:$mon_port,v1:127.0.0.1:$mon_v1_port]"

rm -rf "$dir"
mkdir -p "$dir"/{mon,osd0,run,log,rgw}
fsid="$(cat /proc/sys/kernel/random/uuid)"
cat > "$dir/ceph.conf" <<EOF
[global]
fsid = $fsid
mon host = $mon_addr
public network = 127.0.0.0/8
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
ms client mode = crc
ms mon service mode = crc secure
ms mon cluster mode = crc secure
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd pool default pg autoscale mode = off
osd pool default pg num = 8
osd pool default pgp num = 8
mon max pg per osd = 1000
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = 2147483648
run dir = $dir/run
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
pid file = $dir/run/\$name.pid
keyring = $dir/keyring
[mon.a]
mon data = $dir/mon
[osd.0]
osd data = $dir/osd0
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw data = $dir/rgw
rgw dns name = localhost
EOF

conf=(-c "$dir/ceph.conf")
fail() { echo "ceph-single-node.sh: $* (logs in $dir/log)" >&2; exit 1; }

ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$dir/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
monmaptool --create --fsid "$fsid" --addv a "$mon_addr" "$dir/monmap" >/dev/null
ceph-mon "${conf[@]}" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/keyring" || fail "monitor mkfs failed"
ceph-mon "${conf[@]}" -i a || fail "monitor did not start"
osd_uuid="$(cat /proc/sys/kernel/random/uuid)"
timeout 60 ceph "${conf[@]}" osd new "$osd_uuid" 0 >/dev/null || fail "monitor did not answer"
ceph-osd "${conf[@]}" -i 0 --mkfs --osd-uuid "$osd_uuid" 2>>"$dir/log/mkfs.log" || fail "OSD mkfs failed"
ceph-osd "${conf[@]}" -i 0 || fail "OSD did not start"
up=false
for _ in $(seq 1 120); do
  if timeout 10 ceph "${conf[@]}" osd stat 2>/dev/null | grep -q "1 up"; then up=true; break; fi
  sleep 0.5
done
$up || fail "the OSD did not come up"
radosgw "${conf[@]}" -n client.rgw.a || fail "radosgw did not start"
up=false
for _ in $(seq 1 240); do
  if curl -s -o /dev/null "http://127.0.0.1:$rgw_port/"; then up=true; break; fi
  sleep 0.5
done
$up || fail "radosgw did not answer on port $rgw_port"
radosgw-admin "${conf[@]}" user create --uid=chartvault --display-name=ChartVault \
  --access-key="$access_key" --secret="$secret_key" >/dev/null || fail "could not create the S3 user"
echo "CEPH_UP endpoint=http://127.0.0.1:$rgw_port access_key=$access_key pids=$(cat "$dir"/run/*.pid | tr '\n' ' ')"
