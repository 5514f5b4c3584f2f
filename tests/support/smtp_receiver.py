#!/usr/bin/env python3
"""A real SMTP server on a free loopback port (Debian's python3-aiosmtpd),
for the letter tests. A sender "refused-sender..." is refused (550). Each message is kept in FOLDER: the raw message as
N.eml, a summary as N.json (envelope, decoded headers, parts), and each
attachment as N-<filename>. Prints "listening PORT" once it serves.

It also plays the relay that takes a message and bounces it later, as the
office's mail server does: for a recipient "later-hard-..." it accepts the
message and then delivers a delivery status notification (RFC 3464) saying
5.1.1 to the Maildir FOLDER/bounces, as the office's mail server delivers
bounces to the sender address; for "later-soft-..." it says 4.4.7 (gave up
for now) the first time only, and for "later-delayed-..." only "delayed"."""
import asyncio
import email
import email.policy
import json
import os
import socket
import sys
import time

from aiosmtpd.controller import Controller


DSN = """From: MAILER-DAEMON@relay.test
To: {sender}
Subject: Undelivered Mail Returned to Sender
Date: Mon, 7 Dec 2026 10:00:00 +0000
Message-ID: <bounce-{n}@relay.test>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
 boundary="BOUNDARY-{n}"

--BOUNDARY-{n}
Content-Type: text/plain; charset=us-ascii

This is the mail system at host relay.test.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

--BOUNDARY-{n}
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.test
Arrival-Date: Mon, 7 Dec 2026 09:59:00 +0000

Final-Recipient: rfc822; {recipient}
Original-Recipient: rfc822;{recipient}
Action: {action}
Status: {status}
Remote-MTA: dns; mx.example.org
Diagnostic-Code: smtp; {diagnostic}

--BOUNDARY-{n}
Content-Type: {returned_type}

{returned}
--BOUNDARY-{n}--
"""

LATER = {"later-hard": ("failed", "5.1.1", "550 5.1.1 <{r}>: Recipient address rejected: User unknown",
                        "text/rfc822-headers"),
         "later-soft": ("failed", "4.4.7", "451 4.4.7 Delivery time expired", "message/rfc822"),
         "later-delayed": ("delayed", "4.4.1", "421 4.4.1 Connection timed out", "text/rfc822-headers")}


def deliver_to_maildir(maildir, name, data):
    """As an MDA does: written in tmp/, then renamed into new/."""
    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    temporary = os.path.join(maildir, "tmp", name)
    with open(temporary, "wb") as out:
        out.write(data)
    os.rename(temporary, os.path.join(maildir, "new", name))


class Keeper:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.bounced_soft = set()

    def bounce_later(self, n, mail_from, rcpt_tos, raw):
        """Runs after the message was answered 250, as a relay's bounce comes later."""
        for recipient in rcpt_tos:
            kind = next((k for k in LATER if recipient.startswith(k)), None)
            if kind is None or (kind == "later-soft" and recipient in self.bounced_soft):
                continue
            if kind == "later-soft":
                self.bounced_soft.add(recipient)
            action, status, diagnostic, returned_type = LATER[kind]
            text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
            returned = text.split("\n\n", 1)[0] + "\n" if returned_type == "text/rfc822-headers" else text
            dsn = DSN.format(n=n, sender=mail_from, recipient=recipient, action=action, status=status,
                             diagnostic=diagnostic.format(r=recipient), returned_type=returned_type,
                             returned=returned)
            deliver_to_maildir(os.path.join(self.folder, "bounces"), f"{time.time():.6f}.{n}.relay",
                               dsn.encode("utf-8"))

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        # A sender the server refuses, for the tests of refusals that are not the reader's.
        if address.startswith("refused-sender"):
            return "550 5.7.1 Sender address rejected"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

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
        if any(r.startswith(tuple(LATER)) for r in envelope.rcpt_tos):
            asyncio.get_running_loop().call_later(0.05, self.bounce_later, n, envelope.mail_from,
                                                  list(envelope.rcpt_tos), raw)
        return "250 Message accepted"


def main():
    folder = sys.argv[1]
    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(folder, "bounces", sub), exist_ok=True)
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
