#!/usr/bin/env python3
"""A real SMTP server on a free loopback port (Debian's python3-aiosmtpd),
for the letter tests. Each message is kept in FOLDER: the raw message as
N.eml, a summary as N.json (envelope, decoded headers, parts), and each
attachment as N-<filename>. Prints "listening PORT" once it serves."""
import asyncio
import email
import email.policy
import json
import os
import socket
import sys
import time

from aiosmtpd.controller import Controller


class Keeper:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # Addresses that bounce, for the tests of bounces: for good, or for now.
        if address.startswith("bounce-hard"):
            return "550 5.1.1 No such mailbox"
        if address.startswith("bounce-soft"):
            return "450 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        n = self.count
        raw = envelope.original_content or envelope.content
        with open(os.path.join(self.folder, f"{n}.eml"), "wb") as out:
            out.write(raw)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        for part in message.walk():
            if part.is_multipart():
                continue
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            if filename:
                with open(os.path.join(self.folder, f"{n}-{filename}"), "wb") as out:
                    out.write(payload)
            parts.append({"contentType": part.get_content_type(), "charset": part.get_content_charset() or "",
                          "filename": filename or "", "size": len(payload),
                          "text": payload.decode("utf-8", "replace") if part.get_content_maintype() == "text" else ""})
        summary = {"mailFrom": envelope.mail_from, "rcptTos": envelope.rcpt_tos,
                   "subject": str(message["Subject"]), "from": str(message["From"]), "to": str(message["To"]),
                   "date": str(message["Date"] or ""), "messageId": str(message["Message-ID"] or ""),
                   "contentType": message.get_content_type(), "parts": parts}
        # Written last and renamed: a reader sees a whole summary or none.
        path = os.path.join(self.folder, f"{n}.json")
        with open(path + ".partial", "w") as out:
            json.dump(summary, out, ensure_ascii=False)
        os.rename(path + ".partial", path)
        return "250 Message accepted"


def main():
    folder = sys.argv[1]
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    controller = Controller(Keeper(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"listening {port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
