#!/usr/bin/env python3
"""Registers cases through the API until a stop file appears, from several
clients, and writes one line per request to OUT: the case id (or "-" when
it was not acknowledged), when the request was sent, and when its 201 came
back (seconds since the epoch, this machine's clock). bench/restore_drill.sh
compares them with a restored database."""
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
        try:
            connection.request("POST", "/v1/complaints", INTAKE, {
                "Authorization": "Bearer " + token,
                "Content-Type": "application/json",
                "Idempotency-Key": str(uuid.uuid4()),
            })
            response = connection.getresponse()
            body = response.read()
            if response.status == 201:
                case_id = json.loads(body)["id"]
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        acknowledged = time.time()
        with lock:
            lines.write(f"{case_id} {sent:.6f} {acknowledged:.6f}\n")
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
