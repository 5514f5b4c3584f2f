"""Holds idle keep-alive connections for bench/idle_memory.sh.

Opens CONNECTIONS connections to 127.0.0.1:PORT, spread over source
addresses 127.0.0.10 and up (so one address's connection limit and the
ephemeral ports of one address do not decide the figure), sends one GET
/healthz on each and reads its answer, then keeps them all open and idle.
Prints "held N" once they are, and holds them until its stdin closes.
"""
import socket
import sys

port, connections = int(sys.argv[1]), int(sys.argv[2])
per_address = 2000
request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
held = []
for n in range(connections):
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    client.bind((f"127.0.0.{10 + n // per_address}", 0))
    client.connect(("127.0.0.1", port))
    client.sendall(request)
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += client.recv(4096)
    head, _, body = answer.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        sys.exit(f"connection {n}: {head.splitlines()[0]!r}")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
    while len(body) < length:
        body += client.recv(4096)
    held.append(client)
print(f"held {len(held)}", flush=True)
sys.stdin.read()
