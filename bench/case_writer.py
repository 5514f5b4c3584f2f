#!/usr/bin/env python3
"""Registers cases through the API until a stop file appears, from several
clients, and writes one line per request to OUT: the case id (or "-" when
it was not acknowledged), when the request was sent, when its answer came
back (seconds since the epoch, this machine's clock), its status ("conn"
when the connection failed) and its Retry-After ("-" when none).
bench/restore_drill.sh and bench/failover_drill.sh compare them with a
database."""
import argparse
import http.client
import json
import os
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


def client(port, token, stop, lines, lock):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not os.path.exists(stop):
        sent = time.time()
        case_id = "-"
        status = "conn"
        retry_after = "-"
        try:
            connection.request("POST", "/v1/complaints", INTAKE, {
                "Authorization": "Bearer " + token,
                "Content-Type": "application/json",
                "Idempotency-Key": str(uuid.uuid4()),
            })
            response = connection.getresponse()
            body = response.read()
            status = str(response.status)
            retry_after = response.getheader("Retry-After") or "-"
            if response.status == 201:
                case_id = json.loads(body)["id"]
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        acknowledged = time.time()
        if status != "201":
            time.sleep(0.05)  # as a client backs off; not a busy loop on a down server
        with lock:
            lines.write(f"{case_id} {sent:.6f} {acknowledged:.6f} {status} {retry_after}\n")
            lines.flush()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--stop", required=True)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    lock = threading.Lock()
    with open(args.out, "w") as lines:
        threads = [threading.Thread(target=client, args=(args.port, args.token, args.stop, lines, lock))
                   for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


if __name__ == "__main__":
    main()
