#!/usr/bin/env python3
"""Server memory and service with many idle connections (issue 15): a measurement, not a test.

Starts the real faltlogg-server on 127.0.0.1 with its defaults (1 000 connections at most, 100 per address),
then holds N idle connections of three kinds, one kind at a time, spread over loopback addresses 127.0.0.2…:
  tcp   connected, no TLS handshake, no bytes (the F1 attack)
  tls   handshake done, no request
  kept  one GET /healthz answered, then idle on the kept-alive connection (a tablet between syncs)
For each it prints the server's resident memory (VmRSS) before and with the connections held, and whether a
new client from another address got /healthz, how fast. Usage:
  tests/bench/server/idle_connections.py [BUILD_DIR] [N]
"""
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BUILD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, "build", "ci")
N = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
PER_ADDRESS = 50


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def start_server(tmp):
    certs = os.path.join(tmp, "certs")
    subprocess.run(["bash", os.path.join(ROOT, "certs", "gen-dev-certs.sh"), certs], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = os.path.join(tmp, "port")
    log = open(os.path.join(tmp, "server.log"), "w")
    proc = subprocess.Popen([os.path.join(BUILD, "server", "faltlogg-server"), "--data-dir", os.path.join(tmp, "data"),
                             "--listen", "127.0.0.1:0", "--port-file", port_file, "--metrics-listen", "off",
                             "--cert", os.path.join(certs, "server.pem"), "--key", os.path.join(certs, "server.key"),
                             "--kdf", "test_fast"], stdout=log, stderr=log)
    for _ in range(300):
        if os.path.exists(port_file) and open(port_file).read().strip():
            return proc, int(open(port_file).read().strip()), os.path.join(certs, "ca.pem")
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start; see " + log.name)


def tls_context(ca):
    ctx = ssl.create_default_context(cafile=ca)
    ctx.check_hostname = False
    return ctx


def healthz(port, ctx, source="127.0.1.1", timeout=10.0):
    """Seconds until a fresh client from another address gets 200 from /healthz, or None."""
    started = time.monotonic()
    deadline = started + timeout
    while time.monotonic() < deadline:
        try:
            raw = socket.create_connection(("127.0.0.1", port), timeout=2, source_address=(source, 0))
            with ctx.wrap_socket(raw, server_hostname="localhost") as s:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return time.monotonic() - started
        except OSError:
            time.sleep(0.05)
    return None


def still_open(port):
    """Established connections on the server's port, as the kernel sees them from the server's side."""
    out = subprocess.run(["ss", "-Htn", "state", "established", f"( sport = :{port} )"], capture_output=True,
                         text=True, check=True).stdout
    return len([line for line in out.splitlines() if line.strip()])


def open_idle(kind, port, ctx):
    held = []
    for i in range(N):
        source = f"127.0.0.{2 + i // PER_ADDRESS}"
        raw = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0))
        if kind == "tcp":
            held.append(raw)
            continue
        s = ctx.wrap_socket(raw, server_hostname="localhost")
        if kind == "kept":
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            s.recv(4096)
        held.append(s)
    return held


def main():
    print("| kind | opened | open s | still open | RSS before (MiB) | RSS held (MiB) | per open connection (KiB) "
          "| /healthz from another address |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in ("tcp", "tls", "kept"):
        # A fresh server per kind: freed memory stays in the allocator and would hide the next kind's cost.
        with tempfile.TemporaryDirectory() as tmp:
            proc, port, ca = start_server(tmp)
            ctx = tls_context(ca)
            try:
                healthz(port, ctx)
                time.sleep(1)
                before = rss_kib(proc.pid)
                started = time.monotonic()
                held = open_idle(kind, port, ctx)
                opening = time.monotonic() - started
                during = rss_kib(proc.pid)
                alive = still_open(port)
                waited = healthz(port, ctx, timeout=40)
                service = "not served in 40 s" if waited is None else f"{waited * 1000:.0f} ms"
                print(f"| {kind} | {len(held)} | {opening:.1f} | {alive} | {before / 1024:.1f} | {during / 1024:.1f} | "
                      f"{(during - before) / max(alive, 1):.1f} | {service} |", flush=True)
                for s in held:
                    s.close()
            finally:
                proc.terminate()
                proc.wait(timeout=30)


if __name__ == "__main__":
    main()
