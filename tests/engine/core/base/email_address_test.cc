// One grammar for every e-mail address the office keeps and sends to, and
// one form to compare two spellings of an address in.
#include "engine/core/base/email_address.h"

#include <gtest/gtest.h>

#include <string>

namespace ombudsflow {
namespace {

TEST(EmailAddressTest, AcceptsWhatTheSmtpChannelSendsTo) {
  for (const char* address : {"jens@example.dk", "anne.marie+klage@kk.dk", "o'brien@post.example.co.uk",
                              "x_y-z@sub-domain.example.dk", "a@b.dk"}) {
    EXPECT_TRUE(IsMailboxAddress(address)) << address;
  }
}

// The review's addresses, which intake took and SMTP refused, leaving the
// acknowledgement a dead letter; and others that could end a command or a
// header line.
TEST(EmailAddressTest, RefusesWhatCouldNotBeSentOrCouldInjectIntoSmtp) {
  for (const char* address :
       {"a>b@example.dk", "x,y@example.dk", "\"q\"x@example.dk", "a b@example.dk", "a@b@example.dk", "@example.dk",
        "jens@", "jens@example", "jens@.example.dk", "jens@example..dk", ".jens@example.dk", "jens.@example.dk",
        "je..ns@example.dk", "jens@-example.dk", "jens@example-.dk", "jens@[127.0.0.1]", "jens@example.dk\r\nRCPT TO:x",
        "jens;x@example.dk", "<jens@example.dk>", "jøns@example.dk", "jens@exämple.dk", ""}) {
    EXPECT_FALSE(IsMailboxAddress(address)) << address;
  }
  EXPECT_FALSE(IsMailboxAddress(std::string(65, 'a') + "@example.dk"));
  EXPECT_TRUE(IsMailboxAddress(std::string(64, 'a') + "@example.dk"));
  EXPECT_FALSE(IsMailboxAddress("a@" + std::string(250, 'b') + ".dk"));
}

// The review signed in to a locked account with its Kelvin-sign spelling.
TEST(EmailAddressTest, OneKeyForEverySpellingOfAnAddress) {
  EXPECT_EQ(EmailKey("Anne@KK.dk"), "anne@kk.dk");
  EXPECT_EQ(EmailKey("casewor\u212Aer@kk.dk"), "caseworker@kk.dk");  // the Kelvin sign
  EXPECT_EQ(EmailKey("\uFF41nne@kk.dk"), "anne@kk.dk");              // a fullwidth a
  // A dotted capital I folds to "i" with a combining dot: no one's address.
  EXPECT_NE(EmailKey("v\u0130ctim@kk.dk"), "victim@kk.dk");
  EXPECT_FALSE(IsMailboxAddress(EmailKey("v\u0130ctim@kk.dk")));
  EXPECT_EQ(EmailKey("\xff@kk.dk"), "");
}

}  // namespace
}  // namespace ombudsflow
