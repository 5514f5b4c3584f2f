// Min sag as a citizen and an attacker use it, over real sockets against
// the real server, with e-mail through a real SMTP server: the link in the
// acknowledgement opens the case and only it; messages go both ways and are
// journalised; the e-mail that tells of the office's message says nothing
// of the case; a wrong, expired or revoked link is refused alike; guesses
// are limited per address.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <regex>
#include <string>
#include <thread>

#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/documents.pb.h"
#include "tests/support/case_walk.h"
#include "tests/support/file_contents.h"
#include "tests/support/server_fixture.h"
#include "tests/support/smtp_receiver.h"
#include "tests/support/test_browser.h"

namespace ombudsflow::testing {
namespace {

namespace fs = std::filesystem;
using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kCitizenText = "KANARIE-MINSAG-41 jeg har stadig ikke fået svar";
constexpr std::string_view kOfficeText = "KANARIE-KONTOR-77 vi har rykket forvaltningen";

class MinSagHttpTest : public ServerFixture {
 protected:
  MinSagHttpTest() : smtp_(SmtpReceiver::Start()) {}

  std::vector<std::string> ServerArgs() const override {
    return {"--smtp-url", smtp_->Url(), "--letter-interval-ms", "100", "--trusted-proxies", "127.0.0.1"};
  }

  // The e-mails received so far, in order.
  std::vector<nlohmann::json> Mails() {
    std::vector<nlohmann::json> mails;
    for (int n = 1; fs::exists(smtp_->folder() / (std::to_string(n) + ".json")); ++n) {
      mails.push_back(nlohmann::json::parse(FileContents(smtp_->folder() / (std::to_string(n) + ".json"))));
    }
    return mails;
  }

  // The first e-mail `wanted` accepts, waiting for it up to 60 s (the
  // letter job renders a PDF first); its whole text.
  nlohmann::json AwaitMail(const std::function<bool(const nlohmann::json&)>& wanted) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      for (const nlohmann::json& mail : Mails()) {
        if (wanted(mail)) return mail;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "no such e-mail within 60 s";
    return {};
  }

  static std::string TextOf(const nlohmann::json& mail) {
    std::string text;
    for (const auto& part : mail["parts"]) text += part["text"].get<std::string>();
    return text;
  }

  // The Min sag link in an e-mail: its path.
  static std::string LinkIn(const nlohmann::json& mail) {
    static const std::regex kLink(R"(/min-sag/adgang/[0-9a-f]{64})");
    std::smatch match;
    const std::string text = TextOf(mail);
    if (!std::regex_search(text, match, kLink)) return {};
    return match[0];
  }

  // Registers a complaint by `email`; its id, once its acknowledgement has
  // arrived (`acknowledgement` gets the e-mail).
  std::string Registered(const std::string& email, nlohmann::json* acknowledgement = nullptr) {
    std::string json = kValidIntakeJson;
    json.replace(json.find("jens@example.dk"), 15, email);
    auto created = PostJson(json);
    EXPECT_EQ(created.result(), status::created) << created.body();
    const v1::Complaint complaint = Parse<v1::Complaint>(created);
    const nlohmann::json mail = AwaitMail([&](const nlohmann::json& m) {
      return m["rcptTos"] == nlohmann::json::array({email}) &&
             m["subject"].get<std::string>().find(complaint.case_number()) != std::string::npos;
    });
    if (acknowledgement != nullptr) *acknowledgement = mail;
    return complaint.id();
  }

  // A browser on Min sag, opened with `link`.
  Browser Opened(const std::string& link, const std::string& address = {}) {
    Browser browser(server_->port(), address);
    const auto opened = browser.Get(link);
    EXPECT_EQ(opened.result(), status::see_other) << opened.body();
    EXPECT_EQ(opened[http::field::location], "/min-sag");
    EXPECT_FALSE(browser.Cookie("ombudsflow_min_sag").empty());
    return browser;
  }

  std::string NonceOf(const HttpResponse& page) {
    static const std::regex kNonce(R"re(name="nonce" value="([0-9a-f]{64})")re");
    std::smatch match;
    const std::string body = page.body();
    if (!std::regex_search(body, match, kNonce)) return {};
    return match[1];
  }

  // The office writes to the case's citizen through the API.
  HttpResponse WriteToCitizen(const std::string& id, const std::string& text, const std::string& key = {}) {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!key.empty()) headers["Idempotency-Key"] = key;
    return Send(verb::post, "/v1/complaints/" + id + "/citizen-messages", Role::kCaseworker,
                nlohmann::json{{"text", text}}.dump(), headers);
  }

  std::unique_ptr<SmtpReceiver> smtp_;
};

TEST_F(MinSagHttpTest, TheAcknowledgementsLinkOpensTheCaseAndMessagesGoBothWaysJournalised) {
  nlohmann::json acknowledgement;
  const std::string id = Registered("borger@example.dk", &acknowledgement);
  const std::string link = LinkIn(acknowledgement);
  ASSERT_FALSE(link.empty()) << TextOf(acknowledgement);
  const std::string token = link.substr(link.rfind('/') + 1);
  // The letter the journal keeps never holds the link; only its hash is stored.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM letters WHERE html LIKE '%" + token + "%'"), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM citizen_links WHERE token_hash = encode(sha256('" + token +
                              "'::bytea), 'hex') AND complaint_id = '" + id + "'"),
            1);

  Browser browser = Opened(link);
  auto page = browser.Get("/min-sag");
  ASSERT_EQ(page.result(), status::ok) << page.body();
  const v1::Complaint complaint = Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker));
  EXPECT_THAT(page.body(), HasSubstr(complaint.case_number()));
  EXPECT_THAT(page.body(), HasSubstr("Vi har modtaget din klage"));
  EXPECT_THAT(page.body(), HasSubstr("Vi svarer dig senest"));
  EXPECT_EQ(page["Referrer-Policy"], "no-referrer");
  // The acknowledgement is among the letters, as its PDF.
  static const std::regex kLetter(R"(/min-sag/breve/([0-9]+))");
  std::smatch letter;
  const std::string body = page.body();
  ASSERT_TRUE(std::regex_search(body, letter, kLetter)) << body;
  const auto pdf = browser.Get(letter[0]);
  ASSERT_EQ(pdf.result(), status::ok);
  EXPECT_EQ(pdf[http::field::content_type], "application/pdf");
  EXPECT_TRUE(pdf.body().starts_with("%PDF-"));

  // The citizen writes; posted twice (a double click), one message.
  const std::string nonce = NonceOf(page);
  ASSERT_EQ(nonce.size(), 64u);
  const long long journal_before = database_->Scalar("SELECT count(*) FROM journal WHERE complaint_id = '" + id + "'");
  for (int i = 0; i < 2; ++i) {
    auto sent = browser.Post("/min-sag/besked", {{"text", std::string(kCitizenText)}, {"nonce", nonce}});
    ASSERT_EQ(sent.result(), status::see_other) << sent.body();
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM journal WHERE complaint_id = '" + id +
                              "' AND direction = 'in' AND counterpart = 'citizen' AND document_kind = 'document'"),
            1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM journal WHERE complaint_id = '" + id + "'"), journal_before + 1);
  const long long alerts_after_one = database_->Scalar("SELECT count(*) FROM outbox WHERE complaint_id = '" + id +
                                                       "' AND kind = 'office_alert' AND payload->>'about' = 'citizen_message'");
  EXPECT_EQ(alerts_after_one, 1);
  EXPECT_THAT(browser.Get("/min-sag").body(), HasSubstr(std::string(kCitizenText)));
  // The same form sent again with other words: refused, nothing kept.
  const auto changed = browser.Post("/min-sag/besked", {{"text", "Noget andet"}, {"nonce", nonce}});
  EXPECT_EQ(changed.result(), status::bad_request);
  // A browser's line breaks (CRLF) are a message's lines.
  const auto lines = browser.Post("/min-sag/besked", {{"text", "Første linje\r\nAnden linje"},
                                                     {"nonce", NonceOf(browser.Get("/min-sag"))}});
  EXPECT_EQ(lines.result(), status::see_other) << lines.body();
  const auto shown = browser.Get("/min-sag");
  EXPECT_THAT(shown.body(), HasSubstr("Første linje\nAnden linje"));
  // Whose case it is, masked.
  EXPECT_THAT(shown.body(), HasSubstr("b\u2022\u2022\u2022@example.dk"));
  EXPECT_THAT(shown.body(), Not(HasSubstr("borger@example.dk")));
  // A department never sees the conversation.
  const auto department_view = Send(verb::get, "/v1/complaints/" + id + "/documents", Role::kDepartment);
  EXPECT_THAT(department_view.body(), Not(HasSubstr("Besked")));

  // The office answers: journalised out, and the citizen is told by an
  // e-mail that names nothing of the case.
  const std::size_t mails_before = Mails().size();
  auto answered = WriteToCitizen(id, std::string(kOfficeText), "svar-1");
  ASSERT_EQ(answered.result(), status::created) << answered.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM journal WHERE complaint_id = '" + id +
                              "' AND direction = 'out' AND counterpart = 'citizen' AND document_kind = 'document'"),
            1);
  const nlohmann::json told = AwaitMail([&](const nlohmann::json& mail) {
    return mail["subject"].get<std::string>().starts_with("Du har fået en ny besked");
  });
  EXPECT_EQ(Mails().size(), mails_before + 1);
  EXPECT_EQ(told["rcptTos"], nlohmann::json::array({"borger@example.dk"}));
  const std::string told_text = TextOf(told);
  EXPECT_THAT(told_text, HasSubstr("Du har fået en ny besked fra Borgerrådgiveren"));
  for (const std::string& secret : {std::string(kOfficeText), complaint.case_number(), std::string("Jens Hansen"),
                                    complaint.subject(), std::string("BUF")}) {
    EXPECT_THAT(told_text, Not(HasSubstr(secret)));
    EXPECT_THAT(told["subject"].get<std::string>(), Not(HasSubstr(secret)));
  }
  EXPECT_EQ(told["parts"].size(), 1u);  // plain text, nothing attached

  // The e-mail's own link opens the case, where the answer is.
  const std::string second_link = LinkIn(told);
  ASSERT_FALSE(second_link.empty());
  EXPECT_NE(second_link, link);
  Browser later = Opened(second_link);
  const auto conversation = later.Get("/min-sag");
  EXPECT_THAT(conversation.body(), HasSubstr(std::string(kOfficeText)));
  EXPECT_THAT(conversation.body(), HasSubstr(std::string(kCitizenText)));

  // The server's log names routes, never a link's token, a session's
  // cookie or a message.
  const std::string log = server_->Log();
  EXPECT_THAT(log, HasSubstr(R"("route":"/min-sag/adgang/{token}")"));
  for (const std::string& secret : {token, second_link.substr(second_link.rfind('/') + 1),
                                    browser.Cookie("ombudsflow_min_sag"), std::string("KANARIE")}) {
    EXPECT_THAT(log, Not(HasSubstr(secret)));
  }
}

TEST_F(MinSagHttpTest, ALinkOpensOnlyItsOwnCase) {
  nlohmann::json mine_mail, theirs_mail;
  const std::string mine = Registered("mig@example.dk", &mine_mail);
  const std::string theirs = Registered("naboen@example.dk", &theirs_mail);
  const v1::Complaint their_case =
      Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + theirs, Role::kCaseworker));
  Browser browser = Opened(LinkIn(mine_mail));
  const auto page = browser.Get("/min-sag");
  EXPECT_THAT(page.body(), Not(HasSubstr(their_case.case_number())));
  // Their letter and their documents, by id, are not found from mine.
  const std::string their_letter =
      std::to_string(database_->Scalar("SELECT min(id) FROM letters WHERE complaint_id = '" + theirs + "'"));
  EXPECT_EQ(browser.Get("/min-sag/breve/" + their_letter).result(), status::not_found);
  auto note = WriteToCitizen(theirs, "Til naboen");
  ASSERT_EQ(note.result(), status::created) << note.body();
  const std::string their_document = Parse<v1::CaseDocument>(note).id();
  EXPECT_EQ(browser.Get("/min-sag/dokumenter/" + their_document).result(), status::not_found);
  EXPECT_THAT(browser.Get("/min-sag").body(), Not(HasSubstr("Til naboen")));
  // A message sent from my session lands on my case only.
  auto sent = browser.Post("/min-sag/besked", {{"text", "Kun min sag"}, {"nonce", NonceOf(page)}});
  ASSERT_EQ(sent.result(), status::see_other);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_documents WHERE is_message AND direction = 'in' AND "
                              "complaint_id = '" + theirs + "'"),
            0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_documents WHERE is_message AND direction = 'in' AND "
                              "complaint_id = '" + mine + "'"),
            1);
}

TEST_F(MinSagHttpTest, AWrongExpiredOrRevokedLinkIsRefusedTheSameWay) {
  nlohmann::json first, second;
  const std::string id = Registered("tre@example.dk", &first);
  const std::string revoked_case = Registered("fire@example.dk", &second);
  const std::string expired_link = LinkIn(first);
  const std::string revoked_link = LinkIn(second);
  Browser open_before = Opened(revoked_link);
  ASSERT_EQ(open_before.Get("/min-sag").result(), status::ok);

  database_->Execute("UPDATE citizen_links SET created_at = now() - interval '40 days',"
                     " expires_at = now() - interval '1 second' WHERE complaint_id = '" + id + "'");
  // Revoked by the office; a department may not.
  EXPECT_EQ(Send(verb::post, "/v1/complaints/" + revoked_case + "/citizen-links:revoke", Role::kDepartment).result(),
            status::forbidden);
  auto revoked = Send(verb::post, "/v1/complaints/" + revoked_case + "/citizen-links:revoke", Role::kCaseworker);
  ASSERT_EQ(revoked.result(), status::ok) << revoked.body();
  EXPECT_EQ(Parse<v1::RevokeCitizenLinksResponse>(revoked).revoked(), 1u);

  const std::string wrong = "/min-sag/adgang/" + std::string(64, 'a');
  std::vector<HttpResponse> answers;
  for (const std::string& link : {wrong, expired_link, revoked_link, std::string("/min-sag/adgang/kort")}) {
    Browser browser(server_->port());
    answers.push_back(browser.Get(link));
    EXPECT_TRUE(browser.Cookie("ombudsflow_min_sag").empty()) << link;
  }
  for (const HttpResponse& answer : answers) {
    EXPECT_EQ(answer.result(), status::not_found);
    EXPECT_EQ(answer.body(), answers.front().body());
  }
  EXPECT_THAT(answers.front().body(), HasSubstr("Linket virker ikke"));
  // The session opened before the revocation ends with it.
  const auto after = open_before.Get("/min-sag");
  EXPECT_THAT(after.body(), HasSubstr("Få et nyt link"));
  EXPECT_THAT(after.body(), Not(HasSubstr("Skriv til os")));
}

TEST_F(MinSagHttpTest, LinkGuessesAreLimitedPerAddressAndOtherAddressesAreNot) {
  Browser guesser(server_->port(), "203.0.113.9");
  int limited = 0;
  for (int i = 0; i < 30; ++i) {
    char guess[65];
    std::snprintf(guess, sizeof guess, "%064x", i);
    const auto answer = guesser.Get("/min-sag/adgang/" + std::string(guess));
    if (answer.result() == status::too_many_requests) {
      ++limited;
      EXPECT_FALSE(answer[http::field::retry_after].empty());
    } else {
      EXPECT_EQ(answer.result(), status::not_found);
    }
  }
  EXPECT_GE(limited, 9);  // the burst is 20
  Browser neighbour(server_->port(), "198.51.100.4");
  EXPECT_EQ(neighbour.Get("/min-sag/adgang/" + std::string(64, 'b')).result(), status::not_found);
}

TEST_F(MinSagHttpTest, ANewLinkGoesOnlyToTheCasesOwnAddressAndTheAnswerSaysNotWhether) {
  nlohmann::json acknowledgement;
  const std::string id = Registered("egen@example.dk", &acknowledgement);
  const v1::Complaint complaint = Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker));
  const std::size_t before = Mails().size();
  Browser browser(server_->port());
  const auto wrong = browser.Post("/min-sag/nyt-link", {{"case_number", complaint.case_number()},
                                                       {"email", "fremmed@example.dk"}}, false);
  const auto unknown = browser.Post("/min-sag/nyt-link", {{"case_number", "BR-1999-99999"},
                                                         {"email", "egen@example.dk"}}, false);
  const auto right = browser.Post("/min-sag/nyt-link", {{"case_number", " " + complaint.case_number() + " "},
                                                       {"email", "EGEN@example.dk"}}, false);
  for (const auto* answer : {&wrong, &unknown, &right}) {
    EXPECT_EQ(answer->result(), status::ok);
    EXPECT_EQ(answer->body(), right.body());
  }
  const nlohmann::json sent = AwaitMail([](const nlohmann::json& mail) {
    return mail["subject"].get<std::string>().starts_with("Dit link til Min sag");
  });
  EXPECT_EQ(sent["rcptTos"], nlohmann::json::array({"egen@example.dk"}));
  EXPECT_THAT(TextOf(sent), Not(HasSubstr(complaint.case_number())));
  Browser opened = Opened(LinkIn(sent));
  EXPECT_THAT(opened.Get("/min-sag").body(), HasSubstr(complaint.case_number()));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(Mails().size(), before + 1);  // nothing to the stranger's address
  // At most three a day for a case, however often it is asked.
  for (int i = 0; i < 4; ++i) {
    (void)browser.Post("/min-sag/nyt-link", {{"case_number", complaint.case_number()}, {"email", "egen@example.dk"}},
                       false);
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM citizen_notifications WHERE kind = 'new_link' AND complaint_id = '" +
                              id + "'"),
            3);
  // Fields left empty are named in Danish.
  const auto empty = browser.Post("/min-sag/nyt-link", {{"case_number", ""}, {"email", ""}}, false);
  EXPECT_EQ(empty.result(), status::bad_request);
  EXPECT_THAT(empty.body(), HasSubstr("Skriv dit sagsnummer"));
  EXPECT_THAT(empty.body(), HasSubstr("href=\"#case_number\""));
}

TEST_F(MinSagHttpTest, ABadMessageIsRefusedAtItsFieldAndChangesNothing) {
  nlohmann::json acknowledgement;
  const std::string id = Registered("fejl@example.dk", &acknowledgement);
  Browser browser = Opened(LinkIn(acknowledgement));
  const auto page = browser.Get("/min-sag");
  const auto documents = [&] {
    return database_->Scalar("SELECT count(*) FROM case_documents WHERE complaint_id = '" + id + "'");
  };
  const long long before = documents();
  const auto empty = browser.Post("/min-sag/besked", {{"text", "   "}, {"nonce", NonceOf(page)}});
  EXPECT_EQ(empty.result(), status::bad_request);
  EXPECT_THAT(empty.body(), HasSubstr("Skriv din besked"));
  EXPECT_THAT(empty.body(), HasSubstr("aria-invalid=\"true\""));
  const auto long_text = browser.Post("/min-sag/besked", {{"text", std::string(5001, 'x')}});
  EXPECT_EQ(long_text.result(), status::bad_request);
  EXPECT_THAT(long_text.body(), HasSubstr("Skriv højst 5000 tegn"));
  const auto bidi = browser.Post("/min-sag/besked", {{"text", "Hej \xE2\x80\xAE skjult"}});
  EXPECT_EQ(bidi.result(), status::bad_request);
  // Another site's form, without the page's token.
  const auto forged = browser.Post("/min-sag/besked", {{"text", "Forfalsket"}}, false);
  EXPECT_EQ(forged.result(), status::forbidden);
  // No session at all (or one ended while the citizen typed): what was
  // typed comes back to be copied.
  Browser stranger(server_->port());
  const auto anonymous = SendHttp(server_->port(), verb::post, "/min-sag/besked", FormBody({{"text", "Hvem er jeg"}}),
                                  {{"Content-Type", "application/x-www-form-urlencoded"},
                                   {"Sec-Fetch-Site", "same-origin"}});
  EXPECT_EQ(anonymous.result(), status::unauthorized);
  EXPECT_THAT(std::string(anonymous[http::field::www_authenticate]), HasSubstr("Cookie realm="));
  EXPECT_THAT(anonymous.body(), HasSubstr("Din besked er ikke sendt"));
  EXPECT_THAT(anonymous.body(), HasSubstr("Hvem er jeg"));
  // Another site's post gets the page without its words.
  const auto cross_site = stranger.Post("/min-sag/besked", {{"text", "Ring til 12345678 nu"}}, false);
  EXPECT_EQ(cross_site.result(), status::unauthorized);
  EXPECT_THAT(cross_site.body(), Not(HasSubstr("Ring til 12345678")));
  EXPECT_EQ(documents(), before);
  // The office cannot write to a citizen without an e-mail address: told at the field.
  auto no_email = PostJson(R"({"channel": "LETTER", "complainant": {"name": "Uden Mail", "postalAddress": "Gade 1"},
    "department": "BUF", "subject": "Intet svar", "description": "Ingen e-mail."})");
  ASSERT_EQ(no_email.result(), status::created);
  const auto refused = WriteToCitizen(Parse<v1::Complaint>(no_email).id(), "Hej");
  EXPECT_EQ(refused.result(), status::unprocessable_entity) << refused.body();
  EXPECT_THAT(refused.body(), HasSubstr("no_email"));
}

TEST_F(MinSagHttpTest, SigningOutEndsTheSessionButNotTheLink) {
  nlohmann::json acknowledgement;
  const std::string id = Registered("ud@example.dk", &acknowledgement);
  const std::string link = LinkIn(acknowledgement);
  Browser browser = Opened(link);
  auto page = browser.Get("/min-sag");
  ASSERT_EQ(page.result(), status::ok);
  auto out = browser.Post("/min-sag/log-ud", {});
  EXPECT_EQ(out.result(), status::ok);
  EXPECT_THAT(out.body(), HasSubstr("Du er logget ud"));
  EXPECT_THAT(browser.Get("/min-sag").body(), HasSubstr("Få et nyt link"));
  // The link itself still opens the case (until it expires or is revoked).
  Browser again = Opened(link);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM citizen_links WHERE complaint_id = '" + id + "'"), 1);
}

TEST_F(MinSagHttpTest, TheCitizenSendsADocumentJournalisedInForTheOfficeAlone) {
  nlohmann::json acknowledgement;
  const std::string id = Registered("dokument@example.dk", &acknowledgement);
  Browser browser = Opened(LinkIn(acknowledgement));
  const auto page = browser.Get("/min-sag");
  static const std::regex kAction(R"re(action="(/min-sag/dokumenter\?[^"]+)")re");
  std::smatch action;
  const std::string body = page.body();
  ASSERT_TRUE(std::regex_search(body, action, kAction)) << body;
  std::string target = action[1];
  for (auto at = target.find("&amp;"); at != std::string::npos; at = target.find("&amp;")) target.replace(at, 5, "&");
  const auto upload = [&](const std::string& to, const std::string& file_name, const std::string& bytes) {
    const std::string boundary = "minsagboundary";
    const std::string multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
                                  "Brev fra skolen\r\n--" + boundary +
                                  "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name +
                                  "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n--" +
                                  boundary + "--\r\n";
    return SendHttp(server_->port(), verb::post, to, multipart,
                    {{"Content-Type", "multipart/form-data; boundary=" + boundary},
                     {"Cookie", "ombudsflow_min_sag=" + browser.Cookie("ombudsflow_min_sag")}});
  };
  const auto documents = [&] {
    return database_->Scalar("SELECT count(*) FROM case_documents WHERE complaint_id = '" + id + "'");
  };
  const long long before = documents();
  // Not a kind of file the office keeps: refused at the field, nothing kept.
  const auto program = upload(target, "program.exe", std::string("MZ\x90\x00\x03\x00\x00\x00", 8) + std::string(200, 'A'));
  EXPECT_EQ(program.result(), status::unsupported_media_type) << program.body();
  EXPECT_THAT(program.body(), HasSubstr("Vi kan ikke modtage den slags fil"));
  EXPECT_THAT(program.body(), HasSubstr("href=\"#file\""));
  // Another site's form, without the page's token.
  EXPECT_EQ(upload("/min-sag/dokumenter", "brev.pdf", "%PDF-1.4\n%%EOF\n").result(), status::forbidden);
  EXPECT_EQ(documents(), before);

  const auto kept = upload(target, "brev.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  ASSERT_EQ(kept.result(), status::see_other) << kept.body();
  EXPECT_EQ(kept[http::field::location], "/min-sag?modtaget=1#dokumenter");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_documents d JOIN journal j ON j.id = d.journal_id"
                              " WHERE d.complaint_id = '" + id + "' AND d.uploaded_by = 'system:citizen'"
                              " AND d.direction = 'in' AND d.audience = 'office' AND j.direction = 'in'"
                              " AND d.title = 'Brev fra skolen'"),
            1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox WHERE complaint_id = '" + id +
                              "' AND kind = 'office_alert' AND payload->>'about' = 'citizen_document'"),
            1);
  EXPECT_THAT(browser.Get("/min-sag").body(), HasSubstr("Brev fra skolen"));
  // For the office alone until it shares it: not the department's.
  EXPECT_THAT(Send(verb::get, "/v1/complaints/" + id + "/documents", Role::kDepartment).body(),
              Not(HasSubstr("Brev fra skolen")));
}

}  // namespace
}  // namespace ombudsflow::testing
