#!/usr/bin/env python3
"""Registers cases through the API until a stop file appears, from several
clients, and writes one line per request to OUT: the case id (or "-" when
it was not acknowledged), when the request was sent, when its answer came
back (seconds since the epoch, this machine's clock), its status ("conn"
when the connection failed), its Retry-After ("-" when none) and whether
it was sent a second time (1) because a kept-alive connection closed
under it (only with --retry-reused).
bench/restore_drill.sh, bench/failover_drill.sh and bench/rolling_upgrade.sh
compare them with a database. With --cafile it speaks HTTPS (to nginx),
trusting that certificate alone."""
import argparse
import http.client
import json
import os
import ssl
import threading
import time
import uuid

INTAKE = json.dumps({
    "channel": "LETTER",
    "complainant": {"name": "Jens Hansen", "email": "jens@example.dk"},
    "department": "BUF",
    "subject": "Svar på ansøgning",
    "description": "Intet svar.",
}).encode()


def connect(port, cafile):
    if cafile:
        return http.client.HTTPSConnection("127.0.0.1", port, timeout=30,
                                           context=ssl.create_default_context(cafile=cafile))
    return http.client.HTTPConnection("127.0.0.1", port, timeout=30)


def client(port, cafile, retry_reused, token, stop, lines, lock):
    connection = connect(port, cafile)
    used = False  # whether the connection has carried a request before
    while not os.path.exists(stop):
        sent = time.time()
        key = str(uuid.uuid4())
        case_id = "-"
        status = "conn"
        retry_after = "-"
        retried = 0
        while True:
            try:
                connection.request("POST", "/v1/complaints", INTAKE, {
                    "Authorization": "Bearer " + token,
                    "Content-Type": "application/json",
                    "Idempotency-Key": key,
                })
                response = connection.getresponse()
                body = response.read()
                used = True
                status = str(response.status)
                retry_after = response.getheader("Retry-After") or "-"
                if response.status == 201:
                    case_id = json.loads(body)["id"]
            except (OSError, http.client.HTTPException) as failure:
                connection.close()
                connection = connect(port, cafile)
                # A kept-alive connection the other end closed as the request
                # went out: as browsers do, send it once more on a new one;
                # the Idempotency-Key makes that safe.
                closed = isinstance(failure, (http.client.RemoteDisconnected, BrokenPipeError,
                                              ConnectionResetError, ssl.SSLEOFError, ssl.SSLZeroReturnError))
                if retry_reused and used and closed and retried == 0:
                    used = False
                    retried = 1
                    continue
                used = False
            break
        acknowledged = time.time()
        if status != "201":
            time.sleep(0.05)  # as a client backs off; not a busy loop on a down server
        with lock:
            lines.write(f"{case_id} {sent:.6f} {acknowledged:.6f} {status} {retry_after} {retried}\n")
            lines.flush()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--stop", required=True)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--cafile", help="speak HTTPS, trusting this certificate")
    parser.add_argument("--retry-reused", action="store_true",
                        help="send a request once more when a kept-alive connection was closed under it")
    args = parser.parse_args()
    lock = threading.Lock()
    with open(args.out, "w") as lines:
        threads = [threading.Thread(target=client, args=(args.port, args.cafile, args.retry_reused, args.token, args.stop,
                                                          lines, lock))
                   for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


if __name__ == "__main__":
    main()
