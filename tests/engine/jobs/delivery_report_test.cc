#include "engine/jobs/delivery_report.h"

#include <gtest/gtest.h>

namespace ombudsflow::jobs {
namespace {

// As Postfix writes one (CRLF line ends, a folded field, the original's
// headers returned).
constexpr const char* kPostfixBounce =
    "Return-Path: <>\r\n"
    "From: MAILER-DAEMON@relay.example (Mail Delivery System)\r\n"
    "Subject: Undelivered Mail Returned to Sender\r\n"
    "To: nyhedsbrev@ombudsmand.example\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/report; report-type=delivery-status;\r\n"
    "\tboundary=\"4F1A2B3C.1700000000/relay.example\"\r\n"
    "\r\n"
    "This is a MIME-encapsulated message.\r\n"
    "\r\n"
    "--4F1A2B3C.1700000000/relay.example\r\n"
    "Content-Description: Notification\r\n"
    "Content-Type: text/plain; charset=us-ascii\r\n"
    "\r\n"
    "I'm sorry to have to inform you that your message could not\r\n"
    "be delivered to one or more recipients.\r\n"
    "\r\n"
    "--4F1A2B3C.1700000000/relay.example\r\n"
    "Content-Description: Delivery report\r\n"
    "Content-Type: message/delivery-status\r\n"
    "\r\n"
    "Reporting-MTA: dns; relay.example\r\n"
    "X-Postfix-Queue-ID: 4F1A2B3C\r\n"
    "Arrival-Date: Mon,  7 Dec 2026 10:00:00 +0100 (CET)\r\n"
    "\r\n"
    "Final-Recipient: rfc822; Gone@Example.org\r\n"
    "Original-Recipient: rfc822;gone@example.org\r\n"
    "Action: failed\r\n"
    "Status: 5.1.1\r\n"
    "Remote-MTA: dns; mx.example.org\r\n"
    "Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>: Recipient address\r\n"
    "    rejected: User unknown in virtual mailbox table\r\n"
    "\r\n"
    "Final-Recipient: rfc822; slow@example.org\r\n"
    "Action: delayed\r\n"
    "Status: 4.4.1 (connection timed out)\r\n"
    "\r\n"
    "--4F1A2B3C.1700000000/relay.example\r\n"
    "Content-Description: Undelivered Message Headers\r\n"
    "Content-Type: text/rfc822-headers\r\n"
    "\r\n"
    "From: nyhedsbrev@ombudsmand.example\r\n"
    "To: gone@example.org\r\n"
    "Subject: Nyhedsbrev nr. 3\r\n"
    "Message-ID: <produkt-0b9d5a0e-6f43-4c1e-9a53-1f7f2b6f1c3e.42@ombudsmand.example>\r\n"
    "\r\n"
    "--4F1A2B3C.1700000000/relay.example--\r\n";

TEST(DeliveryReportTest, ReadsEachRecipientAndTheReturnedMessageId) {
  const auto report = ReadDeliveryReport(kPostfixBounce);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->original_message_id, "produkt-0b9d5a0e-6f43-4c1e-9a53-1f7f2b6f1c3e.42@ombudsmand.example");
  ASSERT_EQ(report->recipients.size(), 2u);
  EXPECT_EQ(report->recipients[0].address, "gone@example.org");
  EXPECT_EQ(report->recipients[0].action, "failed");
  EXPECT_EQ(report->recipients[0].status, "5.1.1");
  EXPECT_NE(report->recipients[0].diagnostic.find("User unknown in virtual mailbox table"), std::string::npos);
  EXPECT_EQ(report->recipients[1].address, "slow@example.org");
  EXPECT_EQ(report->recipients[1].action, "delayed");
  EXPECT_EQ(report->recipients[1].status, "4.4.1");
}

TEST(DeliveryReportTest, ReadsTheMessageIdOfAWholeReturnedMessage) {
  const std::string mail =
      "From: MAILER-DAEMON@relay.example\nTo: x@ombudsmand.example\nMIME-Version: 1.0\n"
      "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
      "--b\nContent-Type: text/plain\n\nGave up.\n"
      "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; relay\n\n"
      "Final-Recipient: rfc822; busy@example.org\nAction: failed\nStatus: 4.4.7\n\n"
      "--b\nContent-Type: message/rfc822\n\n"
      "From: nyhedsbrev@ombudsmand.example\nTo: busy@example.org\nSubject: Hej\n"
      "Message-ID: <produkt-0b9d5a0e-6f43-4c1e-9a53-1f7f2b6f1c3e.7@ombudsmand.example>\n\nBrødtekst.\n"
      "--b--\n";
  const auto report = ReadDeliveryReport(mail);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->original_message_id, "produkt-0b9d5a0e-6f43-4c1e-9a53-1f7f2b6f1c3e.7@ombudsmand.example");
  ASSERT_EQ(report->recipients.size(), 1u);
  EXPECT_EQ(report->recipients[0].status, "4.4.7");
}

TEST(DeliveryReportTest, AMailThatIsNoReportIsNone) {
  EXPECT_FALSE(ReadDeliveryReport("From: a@example.org\nSubject: Tak\n\nTak for nyhedsbrevet.\n").has_value());
  EXPECT_FALSE(ReadDeliveryReport("").has_value());
  EXPECT_FALSE(ReadDeliveryReport("\x01\x02 not mail at all").has_value());
  // An out-of-office reply in a multipart, with no delivery status.
  EXPECT_FALSE(ReadDeliveryReport("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=x\n\n--x\n"
                                  "Content-Type: text/plain\n\nJeg er på ferie.\n--x--\n")
                   .has_value());
}

}  // namespace
}  // namespace ombudsflow::jobs
