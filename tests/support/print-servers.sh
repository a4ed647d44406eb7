#!/usr/bin/env bash
# Starts (or stops) the print servers the A4 printer tests need, all private to DIR: a D-Bus bus on a unix
# socket, avahi-daemon on it (ippeveprinter registers through DNS-SD), ippeveprinter as an IPP Everywhere
# printer on loopback, and cupsd with a queue for it on a unix socket. Usage:
#   print-servers.sh DIR start PORT    prints CUPS_SERVER=… and SPOOL=… lines
#   print-servers.sh DIR stop
# The printer's command (DIR/print-command) honours DIR/media-empty: while that file exists the printer
# reports media-empty-error and holds the job, as a printer that ran out of paper does.
set -euo pipefail
dir=$1
cmd=$2
if [ "$cmd" = stop ]; then
    for f in cupsd ippeveprinter avahi dbus; do
        [ -f "$dir/$f.pid" ] && kill "$(cat "$dir/$f.pid")" 2>/dev/null || true
    done
    sleep 0.3
    exit 0
fi
port=$3
mkdir -p "$dir"/{spool,ipp,cups/etc,cups/spool,cups/tmp,cups/cache,cups/state,cups/log}
chmod 777 "$dir/cups/tmp" "$dir"

cat > "$dir/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$dir/bus.sock</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
CONF
dbus-daemon --config-file="$dir/bus.conf" --fork --print-pid > "$dir/dbus.pid"
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$dir/bus.sock"

printf '[server]\nuse-ipv4=yes\nuse-ipv6=no\nallow-interfaces=lo\n[publish]\npublish-hinfo=no\npublish-workstation=no\n' > "$dir/avahi.conf"
rm -f /run/avahi-daemon/pid
avahi-daemon --no-chroot --no-drop-root -f "$dir/avahi.conf" > "$dir/avahi.log" 2>&1 &
echo $! > "$dir/avahi.pid"
for _ in $(seq 50); do grep -q "Server startup complete" "$dir/avahi.log" && break; sleep 0.1; done

cat > "$dir/print-command" <<CMD
#!/bin/sh
# ippeveprinter's print command: keep the document, and stop while the paper is out.
cp "\$1" "$dir/spool/" 2>/dev/null
while [ -f "$dir/media-empty" ]; do echo "STATE: +media-empty-error" >&2; sleep 0.3; done
echo "STATE: -media-empty-error" >&2
exit 0
CMD
chmod +x "$dir/print-command"
ippeveprinter -r off -n localhost -p "$port" -d "$dir/ipp" -c "$dir/print-command" -f application/pdf \
    -m "OneWindow Test A4" "OneWindowA4" > "$dir/ippeveprinter.log" 2>&1 &
echo $! > "$dir/ippeveprinter.pid"

cat > "$dir/cups/etc/cupsd.conf" <<CONF
Listen $dir/cups.sock
LogLevel info
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
CONF
cat > "$dir/cups/etc/cups-files.conf" <<CONF
ServerRoot $dir/cups/etc
RequestRoot $dir/cups/spool
TempDir $dir/cups/tmp
CacheDir $dir/cups/cache
StateDir $dir/cups/state
ErrorLog $dir/cups/log/error_log
AccessLog $dir/cups/log/access_log
PageLog $dir/cups/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
User lp
Group lp
SystemGroup root
Sandboxing Relaxed
CONF
cupsd -f -c "$dir/cups/etc/cupsd.conf" -s "$dir/cups/etc/cups-files.conf" > "$dir/cups/log/fg" 2>&1 &
echo $! > "$dir/cupsd.pid"
for _ in $(seq 50); do [ -S "$dir/cups.sock" ] && break; sleep 0.1; done
for _ in $(seq 50); do ipptool -q "ipp://localhost:$port/ipp/print" get-printer-attributes.test 2>/dev/null && break; sleep 0.1; done
CUPS_SERVER="$dir/cups.sock" lpadmin -p A4 -E -v "ipp://localhost:$port/ipp/print" -m everywhere -o printer-error-policy=retry-job
echo "CUPS_SERVER=$dir/cups.sock"
echo "SPOOL=$dir/spool"
