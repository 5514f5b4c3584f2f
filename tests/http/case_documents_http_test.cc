// A case's documents over HTTP, with a real clamd (its own EICAR-only
// signature file): what is kept is scanned, typed by its content,
// numbered in the case's journal and served as an attachment; what is
// infected, of a forbidden type or too large is refused, and a department
// sees only what is shared with it on its own cases.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/documents.pb.h"
#include "ombudsflow/v1/letters.pb.h"
#include "tests/support/case_walk.h"
#include "tests/support/clamd_process.h"
#include "tests/support/pdf_structure.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kBoundary = "----ombudsflowTestBoundary7MA4YWxk";

// A small PDF, as libmagic knows one by its first bytes.
std::string Pdf(const std::string& text = "Afgørelse om hjemmehjælp") {
  return "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + text + "\ntrailer << /Root 1 0 R >>\n%%EOF\n";
}

// The multipart/form-data body a browser sends for a form with these
// fields and a file.
std::string Multipart(const std::vector<std::pair<std::string, std::string>>& fields, const std::string& file_name,
                      const std::string& file, const std::string& file_type = "application/pdf") {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  }
  body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
          file_name + "\"\r\nContent-Type: " + file_type + "\r\n\r\n" + file + "\r\n";
  body += std::string("--") + kBoundary + "--\r\n";
  return body;
}

class CaseDocumentsHttpTest : public ServerFixture {
 protected:
  static void SetUpTestSuite() {
    clamd_ = ClamdProcess::Start().release();
    char folder[] = "/tmp/ombudsflow-spool-XXXXXX";
    spool_ = mkdtemp(folder);
  }
  static void TearDownTestSuite() {
    delete clamd_;
    clamd_ = nullptr;
    std::filesystem::remove_all(spool_);
  }

  std::vector<std::string> ServerArgs() const override {
    return {"--clamd-socket",     clamd_->socket_path(), "--document-max-mib", "1", "--case-documents-max-mib", "3",
            "--scan-interval-ms", "200", "--upload-idle-timeout-seconds", IdleTimeout(), "--spool-folder", spool_};
  }
  // A second, so a stalled upload's test ends soon.
  virtual std::string IdleTimeout() const { return "1"; }

  void SetUp() override {
    ServerFixture::SetUp();
    auto created = PostJson(kValidIntakeJson);
    ASSERT_EQ(created.result(), status::created) << created.body();
    case_id_ = Parse<v1::Complaint>(created).id();
  }

  void TearDown() override {
    // What the server said, when something here failed.
    if (HasFailure() && server_) std::cerr << server_->Log();
    ServerFixture::TearDown();
  }

  std::string Documents() const { return "/v1/complaints/" + case_id_ + "/documents"; }

  HttpResponse UploadForm(Role role, const std::string& body, std::map<std::string, std::string> headers = {},
                          const std::string& case_id = {}) {
    headers.emplace("Content-Type", std::string("multipart/form-data; boundary=") + kBoundary);
    return Send(verb::post, "/v1/complaints/" + (case_id.empty() ? case_id_ : case_id) + "/documents", role, body,
                headers);
  }

  // The file as the body, its description in the query.
  HttpResponse UploadRaw(Role role, const std::string& query, const std::string& file,
                         std::map<std::string, std::string> headers = {}) {
    headers.emplace("Content-Type", "application/octet-stream");
    return Send(verb::post, Documents() + "?" + query, role, file, headers);
  }

  HttpResponse UploadPdf(Role role, const std::string& title, const std::string& audience,
                         const std::string& text = "brev") {
    return UploadForm(role, Multipart({{"title", title},
                                       {"direction", "DOCUMENT_IN"},
                                       {"counterpart", "citizen"},
                                       {"audience", audience}},
                                      "afgørelse.pdf", Pdf(text)));
  }

  long long KeptDocuments() { return database_->Scalar("SELECT count(*) FROM case_documents"); }

  // A case's documents whose bytes are not all there, and bytes no
  // document owns: what a crash must never leave.
  long long HalfKept() {
    return database_->Scalar(
               "SELECT count(*) FROM case_documents d LEFT JOIN document_contents c ON c.id = d.content_id"
               " WHERE c.id IS NULL OR c.size_bytes <> d.size_bytes OR c.size_bytes <>"
               " (SELECT coalesce(sum(octet_length(k.data)), 0) FROM document_chunks k WHERE k.content_id = c.id)") +
           database_->Scalar(
               "SELECT count(*) FROM document_contents c"
               " WHERE NOT EXISTS (SELECT FROM case_documents d WHERE d.content_id = c.id)") +
           database_->Scalar(
               "SELECT count(*) FROM document_chunks k"
               " WHERE NOT EXISTS (SELECT FROM document_contents c WHERE c.id = k.content_id)");
  }

  // An upload's request line and headers as a client writes them, its
  // body (`length` bytes) left to the caller to send, or not.
  std::string RawUploadHead(std::size_t length) {
    return "POST " + Documents() +
           "?title=Stor&direction=DOCUMENT_IN&counterpart=citizen&file_name=stor.pdf HTTP/1.1\r\n"
           "Host: localhost\r\nAuthorization: Bearer " + tokens_[Role::kCaseworker] +
           "\r\nContent-Type: application/pdf\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
  }

  // Opens a connection and sends `bytes` on it, leaving it open.
  int SendAndKeepOpen(const std::string& bytes) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server_->port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    for (std::size_t sent = 0; sent < bytes.size();) {
      const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    return fd;
  }

  static inline ClamdProcess* clamd_ = nullptr;
  static inline std::string spool_;
  std::string case_id_;
};

TEST_F(CaseDocumentsHttpTest, APdfIsScannedNumberedInTheJournalAndServedAsAnAttachment) {
  auto uploaded = UploadPdf(Role::kCaseworker, "Kommunens afgørelse", "SHARED_WITH_DEPARTMENT", "første");
  ASSERT_EQ(uploaded.result(), status::created) << uploaded.body();
  const auto document = Parse<v1::CaseDocument>(uploaded);
  EXPECT_EQ(document.title(), "Kommunens afgørelse");
  EXPECT_EQ(document.media_type(), "application/pdf");
  EXPECT_EQ(document.scan_state(), v1::SCAN_CLEAN);
  EXPECT_EQ(document.file_name(), "afgørelse.pdf");
  EXPECT_EQ(document.size_bytes(), Pdf("første").size());
  EXPECT_EQ(document.sha256().size(), 64u);
  // The complaint and its acknowledgement are documents 1 and 2.
  EXPECT_EQ(document.document_number(), 3u);
  EXPECT_EQ(std::string(uploaded[http::field::location]), Documents() + "/" + document.id());

  auto journal = Parse<v1::ListJournalResponse>(Send(verb::get, "/v1/complaints/" + case_id_ + "/journal",
                                                     Role::kCaseworker));
  ASSERT_EQ(journal.entries_size(), 3);
  EXPECT_EQ(journal.entries(2).document_kind(), "document");
  EXPECT_EQ(journal.entries(2).subject(), "Kommunens afgørelse");
  EXPECT_EQ(journal.entries(2).sha256(), document.sha256());
  EXPECT_EQ(journal.entries(2).document_number(), document.document_number());

  auto content = Send(verb::get, Documents() + "/" + document.id() + "/content", Role::kCaseworker);
  ASSERT_EQ(content.result(), status::ok) << content.body();
  EXPECT_EQ(content.body(), Pdf("første"));
  EXPECT_EQ(std::string(content[http::field::content_type]), "application/pdf");
  EXPECT_EQ(std::string(content[http::field::content_disposition]),
            "attachment; filename=\"afg_relse.pdf\"; filename*=UTF-8''afg%C3%B8relse.pdf");
  EXPECT_EQ(std::string(content["X-Content-Type-Options"]), "nosniff");
  EXPECT_THAT(std::string(content["Content-Security-Policy"]), HasSubstr("sandbox"));
  EXPECT_THAT(std::string(content[http::field::cache_control]), HasSubstr("no-store"));

  // The department it is shared with reads it too.
  auto department = Send(verb::get, Documents() + "/" + document.id() + "/content", Role::kDepartment);
  ASSERT_EQ(department.result(), status::ok) << department.body();
  EXPECT_EQ(department.body(), Pdf("første"));
}

TEST_F(CaseDocumentsHttpTest, TheFileCanBeTheBodyWithItsDescriptionInTheQuery) {
  auto uploaded = UploadRaw(Role::kCaseworker,
                            "title=Notat%20om%20samtale&direction=DOCUMENT_INTERNAL&file_name=notat.txt"
                            "&document_date=2026-12-01",
                            "Borgeren ringede og fortalte om sagen.\n");
  ASSERT_EQ(uploaded.result(), status::created) << uploaded.body();
  const auto document = Parse<v1::CaseDocument>(uploaded);
  EXPECT_EQ(document.media_type(), "text/plain");
  EXPECT_EQ(document.direction(), v1::DOCUMENT_INTERNAL);
  EXPECT_EQ(document.counterpart(), "office");
  EXPECT_EQ(document.audience(), v1::OFFICE_ONLY);  // shared only when someone says so
  EXPECT_EQ(document.document_date(), "2026-12-01");
}

TEST_F(CaseDocumentsHttpTest, EicarIsRefusedQuarantinedNeverServedAndTheOfficeAlerted) {
  auto uploaded = UploadRaw(Role::kCaseworker, "title=Bilag&direction=DOCUMENT_IN&counterpart=citizen&file_name=bilag.txt",
                            std::string(kEicar));
  ASSERT_EQ(uploaded.result(), status::unprocessable_entity) << uploaded.body();
  EXPECT_THAT(uploaded.body(), HasSubstr("Eicar-Test-Signature"));
  EXPECT_THAT(uploaded.body(), HasSubstr("\"reason\":\"infected\""));

  // Kept for the office, outside the case file: no number, no journal entry.
  auto listed = Parse<v1::ListCaseDocumentsResponse>(Send(verb::get, Documents(), Role::kCaseworker));
  ASSERT_EQ(listed.documents_size(), 1);
  const auto& quarantined = listed.documents(0);
  EXPECT_EQ(quarantined.scan_state(), v1::SCAN_INFECTED);
  EXPECT_THAT(quarantined.scan_signature(), ::testing::StartsWith("Eicar-Test-Signature"));
  EXPECT_EQ(quarantined.document_number(), 0u);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM journal WHERE document_kind = 'document'"), 0);
  auto content = Send(verb::get, Documents() + "/" + quarantined.id() + "/content", Role::kCaseworker);
  EXPECT_EQ(content.result(), status::unprocessable_entity) << content.body();
  EXPECT_THAT(content.body(), Not(HasSubstr("EICAR")));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox WHERE kind = 'office_alert'"
                              " AND payload->>'about' = 'document_quarantined'"
                              " AND payload->>'documentId' = '" + quarantined.id() + "'"),
            1);
}

TEST_F(CaseDocumentsHttpTest, HtmlAndARenamedExecutableAreRefusedByTheirContent) {
  const std::string html =
      "<!DOCTYPE html>\n<html><head><title>Klage</title></head><body><script>alert(1)</script></body></html>\n";
  auto as_html = UploadForm(Role::kCaseworker, Multipart({{"title", "Klage"}, {"direction", "DOCUMENT_IN"},
                                                          {"counterpart", "citizen"}},
                                                         "klage.pdf", html));
  EXPECT_EQ(as_html.result(), status::unsupported_media_type) << as_html.body();
  EXPECT_THAT(as_html.body(), HasSubstr("text/html"));

  std::string elf = "\x7f" "ELF\x02\x01\x01";
  elf += std::string(9, '\0') + "\x02" + std::string(1, '\0') + "\x3e" + std::string(1, '\0');
  elf += std::string(4096, '\0');
  auto as_executable = UploadRaw(Role::kCaseworker,
                                 "title=Scanning&direction=DOCUMENT_IN&counterpart=citizen&file_name=scanning.pdf", elf);
  EXPECT_EQ(as_executable.result(), status::unsupported_media_type) << as_executable.body();
  EXPECT_EQ(KeptDocuments(), 0);
}

TEST_F(CaseDocumentsHttpTest, WhileClamdIsDownDocumentsWaitAndAreScannedOnceItIsBack) {
  clamd_->Stop();
  auto uploaded = UploadPdf(Role::kCaseworker, "Partshøring", "SHARED_WITH_DEPARTMENT");
  clamd_->Restart();  // before any assertion can leave it stopped for the other tests
  ASSERT_EQ(uploaded.result(), status::created) << uploaded.body();
  const auto document = Parse<v1::CaseDocument>(uploaded);
  EXPECT_EQ(document.scan_state(), v1::SCAN_PENDING);
  EXPECT_GT(document.document_number(), 0u);  // kept: nothing is lost
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox WHERE kind = 'office_alert'"
                              " AND payload->>'about' = 'document_scan_pending'"),
            1);

  // The scan job finds it once clamd answers again.
  v1::CaseDocument now;
  for (int i = 0; i < 100; ++i) {
    now = Parse<v1::CaseDocument>(Send(verb::get, Documents() + "/" + document.id(), Role::kCaseworker));
    if (now.scan_state() != v1::SCAN_PENDING) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(now.scan_state(), v1::SCAN_CLEAN);
  auto content = Send(verb::get, Documents() + "/" + document.id() + "/content", Role::kDepartment);
  EXPECT_EQ(content.result(), status::ok) << content.body();
}

TEST_F(CaseDocumentsHttpTest, APendingDocumentIsReadByItsUploaderAlone) {
  clamd_->Stop();
  auto uploaded = UploadPdf(Role::kDepartment, "Udtalelse", "");
  auto content_by_uploader = Send(verb::get, Documents() + "/" + Parse<v1::CaseDocument>(uploaded).id() + "/content",
                                  Role::kDepartment);
  auto content_by_office = Send(verb::get, Documents() + "/" + Parse<v1::CaseDocument>(uploaded).id() + "/content",
                                Role::kCaseworker);
  clamd_->Restart();
  ASSERT_EQ(uploaded.result(), status::created) << uploaded.body();
  EXPECT_EQ(content_by_uploader.result(), status::ok) << content_by_uploader.body();
  EXPECT_EQ(content_by_office.result(), status::unprocessable_entity) << content_by_office.body();
  EXPECT_THAT(content_by_office.body(), HasSubstr("waits for its virus scan"));
}

TEST_F(CaseDocumentsHttpTest, SixteenConcurrentUploadsToOneCaseGetSixteenDistinctGaplessNumbers) {
  std::vector<std::thread> uploaders;
  std::vector<HttpResponse> answers(16);
  for (int i = 0; i < 16; ++i) {
    uploaders.emplace_back([&, i] {
      answers[static_cast<std::size_t>(i)] =
          UploadRaw(Role::kCaseworker,
                    "title=Bilag%20" + std::to_string(i) + "&direction=DOCUMENT_IN&counterpart=citizen&file_name=b.pdf",
                    Pdf("bilag " + std::to_string(i)));
    });
  }
  for (auto& uploader : uploaders) uploader.join();
  std::vector<std::uint32_t> numbers;
  for (const auto& answer : answers) {
    ASSERT_EQ(answer.result(), status::created) << answer.body();
    numbers.push_back(Parse<v1::CaseDocument>(answer).document_number());
  }
  std::sort(numbers.begin(), numbers.end());
  for (std::size_t i = 0; i < numbers.size(); ++i) EXPECT_EQ(numbers[i], 3 + i) << "after documents 1 and 2";
  EXPECT_EQ(database_->Scalar("SELECT count(DISTINCT document_number) FROM journal WHERE complaint_id = '" + case_id_ +
                              "'"),
            18);
}

TEST_F(CaseDocumentsHttpTest, ADepartmentSeesOnlyWhatIsSharedWithItOnItsOwnCases) {
  auto office_only = Parse<v1::CaseDocument>(UploadPdf(Role::kCaseworker, "Internt notat", "OFFICE_ONLY", "a"));
  auto shared = Parse<v1::CaseDocument>(UploadPdf(Role::kCaseworker, "Klagen", "SHARED_WITH_DEPARTMENT", "b"));
  ASSERT_FALSE(office_only.id().empty());
  ASSERT_FALSE(shared.id().empty());

  auto listed = Send(verb::get, Documents(), Role::kDepartment);
  ASSERT_EQ(listed.result(), status::ok) << listed.body();
  const auto documents = Parse<v1::ListCaseDocumentsResponse>(listed);
  ASSERT_EQ(documents.documents_size(), 1);
  EXPECT_EQ(documents.documents(0).id(), shared.id());
  // Its hash whole: hex whose digit runs would read as phone numbers is
  // the server's, never masked.
  EXPECT_EQ(documents.documents(0).sha256(), shared.sha256());
  // Who shared it with whom and who uploaded it are the office's.
  EXPECT_THAT(listed.body(), Not(HasSubstr("audience")));
  EXPECT_THAT(listed.body(), Not(HasSubstr("uploadedBy")));
  EXPECT_THAT(listed.body(), Not(HasSubstr("counterpart")));

  // An office-only document answers exactly as one that does not exist.
  const std::string missing = "00000000-0000-4000-8000-00000000dead";
  for (const std::string suffix : {"", "/content"}) {
    auto hidden = Send(verb::get, Documents() + "/" + office_only.id() + suffix, Role::kDepartment);
    auto absent = Send(verb::get, Documents() + "/" + missing + suffix, Role::kDepartment);
    EXPECT_EQ(hidden.result(), status::not_found);
    EXPECT_EQ(hidden.result(), absent.result());
    EXPECT_EQ(hidden.body(), absent.body());
  }

  // The office shares nothing under a title holding a CPR number; a title
  // the department wrote itself passes its view like any other text (a CPR
  // number arrives masked); a counterpart staff typed never reaches it.
  EXPECT_EQ(UploadRaw(Role::kCaseworker,
                      "title=Bilag%20for%20010190-1234&direction=DOCUMENT_IN"
                      "&counterpart=citizen&file_name=c.pdf&audience=SHARED_WITH_DEPARTMENT",
                      Pdf("refused"))
                .result(),
            status::bad_request);
  auto canary = UploadRaw(Role::kCaseworker,
                          "title=Bilag&direction=DOCUMENT_IN"
                          "&counterpart=canarius%40example.dk&file_name=c.pdf&audience=SHARED_WITH_DEPARTMENT",
                          Pdf("canary"));
  ASSERT_EQ(canary.result(), status::created) << canary.body();
  ASSERT_EQ(UploadRaw(Role::kDepartment, "title=Bilag%20for%20010190-1234&file_name=d.pdf", Pdf("department")).result(),
            status::created);
  auto seen = Send(verb::get, Documents(), Role::kDepartment);
  EXPECT_THAT(seen.body(), HasSubstr("Bilag for"));
  EXPECT_THAT(seen.body(), Not(HasSubstr("010190-1234")));
  EXPECT_THAT(seen.body(), Not(HasSubstr("canarius@example.dk")));

  // Another department does not know the case at all, nor its documents.
  const std::string sof = IssueToken(Role::kDepartment, "SOF");
  auto foreign = SendHttp(server_->port(), verb::get, Documents() + "/" + shared.id(), {},
                          {{"Authorization", "Bearer " + sof}});
  auto no_case = SendHttp(server_->port(), verb::get, "/v1/complaints/" + missing + "/documents/" + shared.id(), {},
                          {{"Authorization", "Bearer " + sof}});
  EXPECT_EQ(foreign.result(), status::not_found);
  std::string foreign_body(foreign.body());
  foreign_body.replace(foreign_body.find(case_id_), case_id_.size(), missing);
  EXPECT_EQ(foreign_body, std::string(no_case.body()));
  auto foreign_upload = SendHttp(server_->port(), verb::post, Documents() + "?title=x&file_name=x.pdf", Pdf(),
                                 {{"Authorization", "Bearer " + sof}, {"Content-Type", "application/pdf"}});
  EXPECT_EQ(foreign_upload.result(), status::not_found);
}

TEST_F(CaseDocumentsHttpTest, ADepartmentsUploadIsItsStatementSharedWithItAndNoFurther) {
  auto uploaded = UploadForm(Role::kDepartment, Multipart({{"title", "Udtalelse"}}, "udtalelse.pdf", Pdf()));
  ASSERT_EQ(uploaded.result(), status::created) << uploaded.body();
  const auto document = Parse<v1::CaseDocument>(
      Send(verb::get, Documents() + "/" + Parse<v1::CaseDocument>(uploaded).id(), Role::kCaseworker));
  EXPECT_EQ(document.direction(), v1::DOCUMENT_IN);
  EXPECT_EQ(document.counterpart(), "BUF");
  EXPECT_EQ(document.audience(), v1::SHARED_WITH_DEPARTMENT);

  auto to_citizen = UploadForm(Role::kDepartment, Multipart({{"title", "Udtalelse"}, {"audience", "SHARED_WITH_CITIZEN"}},
                                                            "udtalelse.pdf", Pdf()));
  EXPECT_EQ(to_citizen.result(), status::bad_request) << to_citizen.body();
  EXPECT_THAT(to_citizen.body(), HasSubstr("\"field\":\"audience\""));
}

TEST_F(CaseDocumentsHttpTest, LimitsOfAFileAndOfACaseAreEachA413) {
  // Over the 1 MiB file limit, said by Content-Length: refused before it is read.
  auto raw = UploadRaw(Role::kCaseworker, "title=Stor&direction=DOCUMENT_IN&counterpart=citizen&file_name=s.pdf",
                       Pdf() + std::string(3 * 1024 * 1024, 'x'));
  EXPECT_EQ(raw.result(), status::payload_too_large) << raw.body();
  // Within the body limit (the file limit and 1 MiB for the form), over the file limit.
  auto form = UploadForm(Role::kCaseworker, Multipart({{"title", "Stor"}, {"direction", "DOCUMENT_IN"},
                                                       {"counterpart", "citizen"}},
                                                      "s.pdf", Pdf() + std::string(1024 * 1024 + 10, 'x')));
  EXPECT_EQ(form.result(), status::payload_too_large) << form.body();
  EXPECT_THAT(form.body(), HasSubstr("file_too_large"));
  // The case holds 3 MiB: three files of 0.9 MiB fit, a fourth does not.
  for (int i = 0; i < 3; ++i) {
    auto fits = UploadRaw(Role::kCaseworker, "title=Bilag&direction=DOCUMENT_IN&counterpart=citizen&file_name=b.pdf",
                          Pdf(std::to_string(i)) + std::string(900 * 1024, 'x'));
    ASSERT_EQ(fits.result(), status::created) << fits.body();
  }
  auto over = UploadRaw(Role::kCaseworker, "title=Bilag&direction=DOCUMENT_IN&counterpart=citizen&file_name=b.pdf",
                        Pdf("fire") + std::string(900 * 1024, 'x'));
  EXPECT_EQ(over.result(), status::payload_too_large) << over.body();
  EXPECT_THAT(over.body(), HasSubstr("case_total"));
  EXPECT_EQ(KeptDocuments(), 3);
}

TEST_F(CaseDocumentsHttpTest, ASlowUploadTimesOutAndKeepsNothing) {
  const std::string head = RawUploadHead(100000) + "%PDF-1.4\n";
  const auto started = std::chrono::steady_clock::now();
  const std::string answer = SendRaw(server_->port(), head, std::chrono::seconds(10));
  // The connection is closed after the idle second, well before the wait ends.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(8));
  EXPECT_THAT(answer, Not(HasSubstr("201")));
  EXPECT_EQ(KeptDocuments(), 0);
}

TEST_F(CaseDocumentsHttpTest, AServerKilledDuringAnUploadLeavesNoHalfDocumentAndNoOrphanedBytes) {
  const std::string file = Pdf("stor") + std::string(900 * 1024, 'x');
  const std::string head = RawUploadHead(file.size());
  // Half the body, then the server dies.
  const int half = SendAndKeepOpen(head + file.substr(0, file.size() / 2));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  RestartServer(SIGKILL);
  ::close(half);
  // Its spool was an unnamed file: gone with the process, nothing to sweep.
  EXPECT_EQ(KeptDocuments(), 0);
  EXPECT_EQ(HalfKept(), 0);

  // The whole body, and the server killed at once: in whatever step it was
  // (spooling, scanning, writing), the document is there whole or not at all.
  for (int attempt = 0; attempt < 3; ++attempt) {
    const int whole = SendAndKeepOpen(head + file);
    std::this_thread::sleep_for(std::chrono::milliseconds(10 + 40 * attempt));
    RestartServer(SIGKILL);
    ::close(whole);
    EXPECT_EQ(HalfKept(), 0) << "attempt " << attempt;
  }
  // The case goes on: the next document takes the next number.
  const long long kept = KeptDocuments();
  auto after = UploadPdf(Role::kCaseworker, "Efter", "OFFICE_ONLY");
  ASSERT_EQ(after.result(), status::created) << after.body();
  EXPECT_EQ(Parse<v1::CaseDocument>(after).document_number(), static_cast<std::uint32_t>(3 + kept));
}

// What HTTP lets a client do with an upload's body: refused before it is
// read when the caller is not admitted, sent chunked, after a 100
// (Continue), over the limit, and followed by the next request on the
// same connection.
TEST_F(CaseDocumentsHttpTest, AnUploadsBodyIsReadOnlyForAnAdmittedCallerWhateverItsFraming) {
  const std::string target = Documents() + "?title=Bilag&direction=DOCUMENT_IN&counterpart=citizen&file_name=b.pdf";
  // A stranger's 500 kB upload is answered before a byte of it is sent.
  const std::string stranger = SendRaw(server_->port(),
                                       "POST " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                                       "Authorization: Bearer nonsense\r\nContent-Length: 500000\r\n\r\n",
                                       std::chrono::seconds(10));
  EXPECT_THAT(stranger, ::testing::StartsWith("HTTP/1.1 401"));
  const std::string administrator = SendRaw(server_->port(),
                                            "POST " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                                            "Authorization: Bearer " + tokens_[Role::kAdministrator] +
                                            "\r\nContent-Length: 500000\r\n\r\n",
                                            std::chrono::seconds(10));
  EXPECT_THAT(administrator, ::testing::StartsWith("HTTP/1.1 403"));

  const std::string auth = "Authorization: Bearer " + tokens_[Role::kCaseworker] + "\r\n";
  const std::string file = Pdf("chunked");
  std::ostringstream chunked;
  chunked << "POST " << target << " HTTP/1.1\r\nHost: localhost\r\n" << auth
          << "Content-Type: application/pdf\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"
          << std::hex << 10 << "\r\n" << file.substr(0, 10) << "\r\n"
          << std::hex << file.size() - 10 << "\r\n" << file.substr(10) << "\r\n0\r\n\r\n"
          // And the next request on the same connection.
          << "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  const std::string answers = SendRaw(server_->port(), chunked.str(), std::chrono::seconds(10));
  EXPECT_THAT(answers, ::testing::StartsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created"));
  EXPECT_THAT(answers, HasSubstr("HTTP/1.1 200 OK"));
  EXPECT_EQ(KeptDocuments(), 1);

  // Chunked past the upload limit (the 1 MiB file and 1 MiB for a form).
  std::ostringstream over;
  over << "POST " << target << " HTTP/1.1\r\nHost: localhost\r\n" << auth
       << "Content-Type: application/pdf\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string piece(256 * 1024, 'x');
  for (int i = 0; i < 10; ++i) over << std::hex << piece.size() << "\r\n" << piece << "\r\n";
  over << "0\r\n\r\n";
  EXPECT_THAT(SendRaw(server_->port(), over.str(), std::chrono::seconds(10)), ::testing::StartsWith("HTTP/1.1 413"));
  EXPECT_EQ(KeptDocuments(), 1);
}

TEST_F(CaseDocumentsHttpTest, ARetryWithTheSameIdempotencyKeyFindsTheSameDocument) {
  const std::string body = Multipart({{"title", "Bilag"}, {"direction", "DOCUMENT_IN"}, {"counterpart", "citizen"}},
                                     "bilag.pdf", Pdf());
  auto first = UploadForm(Role::kCaseworker, body, {{"Idempotency-Key", "upload-1"}});
  auto again = UploadForm(Role::kCaseworker, body, {{"Idempotency-Key", "upload-1"}});
  ASSERT_EQ(first.result(), status::created) << first.body();
  ASSERT_EQ(again.result(), status::ok) << again.body();
  EXPECT_EQ(std::string(again["Idempotent-Replayed"]), "true");
  EXPECT_EQ(Parse<v1::CaseDocument>(first).id(), Parse<v1::CaseDocument>(again).id());
  auto other = UploadForm(Role::kCaseworker,
                          Multipart({{"title", "Andet"}, {"direction", "DOCUMENT_IN"}, {"counterpart", "citizen"}},
                                    "andet.pdf", Pdf("andet")),
                          {{"Idempotency-Key", "upload-1"}});
  EXPECT_EQ(other.result(), status::unprocessable_entity) << other.body();
  EXPECT_EQ(KeptDocuments(), 1);
}

TEST_F(CaseDocumentsHttpTest, AFileNameIsCleanedAndABadDescriptionNamesItsField) {
  auto uploaded = UploadForm(Role::kCaseworker,
                             Multipart({{"title", "Bilag"}, {"direction", "DOCUMENT_IN"}, {"counterpart", "citizen"}},
                                       "C:\\Users\\borger\\..\\klage\x01.pdf", Pdf()));
  ASSERT_EQ(uploaded.result(), status::created) << uploaded.body();
  EXPECT_EQ(Parse<v1::CaseDocument>(uploaded).file_name(), "klage.pdf");
  // The name's extension is the content's: a script's never survives.
  auto script = UploadRaw(Role::kCaseworker, "title=Svar&direction=DOCUMENT_IN&counterpart=citizen&file_name=svar.js",
                          "WScript.Echo(\"hej\");\n");
  ASSERT_EQ(script.result(), status::created) << script.body();
  EXPECT_EQ(Parse<v1::CaseDocument>(script).file_name(), "svar.js.txt");

  auto bad = UploadForm(Role::kCaseworker, Multipart({{"title", ""}, {"direction", "SIDEWAYS"}, {"colour", "red"}},
                                                     "b.pdf", Pdf()));
  EXPECT_EQ(bad.result(), status::bad_request) << bad.body();
  EXPECT_THAT(bad.body(), HasSubstr("\"field\":\"direction\""));
  EXPECT_THAT(bad.body(), HasSubstr("\"field\":\"colour\""));
  auto malformed = Send(verb::post, Documents(), Role::kCaseworker, "--nope\r\n",
                        {{"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary}});
  EXPECT_EQ(malformed.result(), status::bad_request) << malformed.body();
  EXPECT_EQ(KeptDocuments(), 2);
}

// The case page: the case's documents by number, and the form that adds
// one, whose refusals are in Danish beside their fields.
TEST_F(CaseDocumentsHttpTest, TheCasePageAddsADocumentAndListsItByItsNumber) {
  auto page = Send(verb::get, "/cases/" + case_id_, Role::kCaseworker);
  ASSERT_EQ(page.result(), status::ok);
  EXPECT_THAT(page.body(), HasSubstr("Sagens akter"));
  EXPECT_THAT(page.body(), HasSubstr("enctype=\"multipart/form-data\""));
  EXPECT_THAT(page.body(), HasSubstr("type=\"file\" id=\"document-file\" name=\"file\""));
  EXPECT_THAT(page.body(), HasSubstr("Højst 1 MB"));

  auto saved = UploadForm(Role::kCaseworker, Multipart({{"title", "Kommunens afgørelse"},
                                                        {"direction", "DOCUMENT_IN"},
                                                        {"counterpart", "Børne- og Ungdomsforvaltningen"},
                                                        {"document_date", "2026-11-30"},
                                                        {"audience", "SHARED_WITH_DEPARTMENT"}},
                                                       "afgørelse.pdf", Pdf()),
                          {}, case_id_);
  // The page route, as the form posts it.
  auto posted = Send(verb::post, "/cases/" + case_id_ + "/documents", Role::kCaseworker,
                     Multipart({{"title", "Partshøring"}, {"direction", "DOCUMENT_OUT"}, {"counterpart", "citizen"}},
                               "partshøring.pdf", Pdf("partshøring")),
                     {{"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary}});
  ASSERT_EQ(saved.result(), status::created) << saved.body();
  ASSERT_EQ(posted.result(), status::see_other) << posted.body();
  EXPECT_EQ(std::string(posted[http::field::location]), "/cases/" + case_id_ + "?document=4#documents");

  auto after = Send(verb::get, "/cases/" + case_id_ + "?document=4", Role::kCaseworker);
  ASSERT_EQ(after.result(), status::ok);
  EXPECT_THAT(after.body(), HasSubstr("Dokumentet er gemt som akt nr. 4."));
  EXPECT_THAT(after.body(), HasSubstr("Kommunens afgørelse"));
  EXPECT_THAT(after.body(), HasSubstr("30. november 2026"));
  EXPECT_THAT(after.body(), HasSubstr("Forvaltningen"));
  const std::string id = Parse<v1::CaseDocument>(saved).id();
  const std::string href = "/cases/" + case_id_ + "/documents/" + id;
  EXPECT_THAT(after.body(), HasSubstr("href=\"" + href + "\""));
  auto download = Send(verb::get, href, Role::kCaseworker);
  ASSERT_EQ(download.result(), status::ok) << download.body();
  EXPECT_EQ(download.body(), Pdf());
  EXPECT_THAT(std::string(download[http::field::content_disposition]), HasSubstr("attachment"));
  EXPECT_THAT(std::string(download["Content-Security-Policy"]), HasSubstr("sandbox"));
}

TEST_F(CaseDocumentsHttpTest, TheUploadFormsRefusalsAreInDanishBesideTheirFields) {
  const std::map<std::string, std::string> multipart = {
      {"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary}};
  auto untitled = Send(verb::post, "/cases/" + case_id_ + "/documents", Role::kCaseworker,
                       Multipart({{"title", ""}, {"direction", "DOCUMENT_IN"}, {"counterpart", "citizen"}}, "a.pdf",
                                 Pdf()),
                       multipart);
  EXPECT_EQ(untitled.result(), status::bad_request);
  EXPECT_THAT(untitled.body(), HasSubstr("<a href=\"#document-title\">Udfyld feltet „Titel“</a>"));
  EXPECT_THAT(untitled.body(), HasSubstr("id=\"document-title-error\""));
  EXPECT_THAT(untitled.body(), HasSubstr("Vælg filen igen"));
  EXPECT_THAT(untitled.body(), HasSubstr("value=\"citizen\""));  // what was typed stays

  auto html = Send(verb::post, "/cases/" + case_id_ + "/documents", Role::kCaseworker,
                   Multipart({{"title", "Side"}, {"direction", "DOCUMENT_IN"}, {"counterpart", "citizen"}}, "side.pdf",
                             "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
                   multipart);
  EXPECT_EQ(html.result(), status::unsupported_media_type);
  EXPECT_THAT(html.body(), HasSubstr("<a href=\"#document-file\">Vælg en PDF"));
  EXPECT_THAT(html.body(), Not(HasSubstr("are not kept")));

  auto no_file = Send(verb::post, "/cases/" + case_id_ + "/documents", Role::kCaseworker,
                      Multipart({{"title", "Intet"}, {"direction", "DOCUMENT_IN"}, {"counterpart", "citizen"}}, "", "",
                                "application/octet-stream"),
                      multipart);
  EXPECT_EQ(no_file.result(), status::bad_request);
  EXPECT_THAT(no_file.body(), HasSubstr("<a href=\"#document-file\">Udfyld feltet „Fil“</a>"));
  EXPECT_EQ(KeptDocuments(), 0);
}

// A note (notatpligt) typed by the office is a document of its own:
// numbered, internal, for the office alone, plain text whatever it quotes.
TEST_F(CaseDocumentsHttpTest, ANoteTypedByTheOfficeIsADocumentOfItsOwn) {
  auto noted = Send(verb::post, "/v1/complaints/" + case_id_ + "/notes", Role::kCaseworker,
                    R"({"title": "Telefonsamtale med borgeren",
                        "text": "Borgeren ringede kl. 10 og sendte linket <a href=\"x\">her</a>."})",
                    {{"Content-Type", "application/json"}});
  ASSERT_EQ(noted.result(), status::created) << noted.body();
  const auto note = Parse<v1::CaseDocument>(noted);
  EXPECT_EQ(note.document_number(), 3u);
  EXPECT_EQ(note.direction(), v1::DOCUMENT_INTERNAL);
  EXPECT_EQ(note.audience(), v1::OFFICE_ONLY);
  EXPECT_EQ(note.media_type(), "text/plain");
  EXPECT_THAT(note.file_name(), ::testing::EndsWith(".txt"));
  auto content = Send(verb::get, Documents() + "/" + note.id() + "/content", Role::kCaseworker);
  EXPECT_THAT(content.body(), HasSubstr("Borgeren ringede kl. 10"));
  EXPECT_EQ(Send(verb::get, Documents() + "/" + note.id(), Role::kDepartment).result(), status::not_found);
  EXPECT_EQ(Send(verb::post, "/v1/complaints/" + case_id_ + "/notes", Role::kDepartment,
                 R"({"title": "x", "text": "y"})", {{"Content-Type", "application/json"}})
                .result(),
            status::forbidden);

  // From the case page: refused in Danish beside its field, then kept.
  const std::map<std::string, std::string> form = {{"Content-Type", "application/x-www-form-urlencoded"}};
  auto empty = Send(verb::post, "/cases/" + case_id_ + "/notes", Role::kCaseworker,
                    FormBody({{"title", "Møde"}, {"text", "  "}, {"note_key", "k1"}}), form);
  EXPECT_EQ(empty.result(), status::bad_request);
  EXPECT_THAT(empty.body(), HasSubstr("<a href=\"#note-text\">Udfyld feltet „Notat“</a>"));
  EXPECT_THAT(empty.body(), HasSubstr("value=\"Møde\""));
  auto kept = Send(verb::post, "/cases/" + case_id_ + "/notes", Role::kCaseworker,
                   FormBody({{"title", "Møde"}, {"text", "Aftalt at rykke forvaltningen."}, {"note_key", "k2"}}), form);
  ASSERT_EQ(kept.result(), status::see_other) << kept.body();
  EXPECT_EQ(std::string(kept[http::field::location]), "/cases/" + case_id_ + "?document=4#documents");
  // Posted twice (a double click): one note.
  auto again = Send(verb::post, "/cases/" + case_id_ + "/notes", Role::kCaseworker,
                    FormBody({{"title", "Møde"}, {"text", "Aftalt at rykke forvaltningen."}, {"note_key", "k2"}}), form);
  EXPECT_EQ(std::string(again[http::field::location]), "/cases/" + case_id_ + "?document=4#documents");
  EXPECT_EQ(KeptDocuments(), 2);
}

// The journal printed as the case file's index: every entry by its number,
// a PDF/UA in Danish.
TEST_F(CaseDocumentsHttpTest, TheJournalPrintsAsAnAktliste) {
  ASSERT_EQ(UploadPdf(Role::kCaseworker, "Kommunens afgørelse", "OFFICE_ONLY").result(), status::created);
  auto page = Send(verb::get, "/cases/" + case_id_, Role::kCaseworker);
  EXPECT_THAT(page.body(), HasSubstr("href=\"/cases/" + case_id_ + "/journal/pdf\""));
  auto printed = Send(verb::get, "/cases/" + case_id_ + "/journal/pdf", Role::kCaseworker);
  ASSERT_EQ(printed.result(), status::ok) << printed.body();
  EXPECT_EQ(std::string(printed[http::field::content_type]), "application/pdf");
  ASSERT_TRUE(printed.body().starts_with("%PDF-"));
  const std::string structure = PdfStructure(printed.body());
  EXPECT_THAT(structure, HasSubstr("/StructTreeRoot"));
  EXPECT_THAT(structure, HasSubstr("/Lang (da)"));
  EXPECT_THAT(structure, HasSubstr("/Title (Aktliste"));
  EXPECT_EQ(Send(verb::get, "/cases/" + case_id_ + "/journal/pdf", Role::kDepartment).result(), status::not_found);
}

// A signed-in browser's upload carries the session's token in the form's
// action: the body is read only after the caller is known.
TEST_F(CaseDocumentsHttpTest, ASessionsUploadNeedsTheTokenInTheFormsAction) {
  SetPassword(user_ids_[Role::kCaseworker], "documents test password");
  auto signed_in = SendHttp(server_->port(), verb::post, "/v1/sessions",
                            R"({"email": "caseworker@test.example", "password": "documents test password"})",
                            {{"Content-Type", "application/json"}});
  ASSERT_EQ(signed_in.result(), status::created) << signed_in.body();
  const std::string cookie = std::string(signed_in[http::field::set_cookie]).substr(0, std::string(
      signed_in[http::field::set_cookie]).find(';'));
  auto page = SendHttp(server_->port(), verb::get, "/cases/" + case_id_, {}, {{"Cookie", cookie}});
  ASSERT_EQ(page.result(), status::ok);
  const std::string body(page.body());
  const std::string marker = "action=\"/cases/" + case_id_ + "/documents?_csrf=";
  const auto at = body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const std::string action = body.substr(at + 8, body.find('"', at + 8) - at - 8);
  const std::string form = Multipart({{"title", "Bilag"}, {"direction", "DOCUMENT_IN"}, {"counterpart", "citizen"}},
                                     "bilag.pdf", Pdf());
  const std::map<std::string, std::string> headers = {
      {"Cookie", cookie}, {"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary}};
  auto forged = SendHttp(server_->port(), verb::post, "/cases/" + case_id_ + "/documents", form, headers);
  EXPECT_EQ(forged.result(), status::forbidden);
  EXPECT_EQ(KeptDocuments(), 0);
  auto posted = SendHttp(server_->port(), verb::post, action, form, headers);
  EXPECT_EQ(posted.result(), status::see_other) << posted.body();
  EXPECT_EQ(KeptDocuments(), 1);
}

// The department's notice page: the case's documents shared with it, and
// the form that adds its statement, which the office then finds on the
// case as the department's.
TEST_F(CaseDocumentsHttpTest, TheDepartmentAddsItsStatementFromItsNoticePage) {
  const std::string hearing = CaseInHearing();
  const std::string documents = "/v1/complaints/" + hearing + "/documents";
  const auto office_only = Parse<v1::CaseDocument>(
      Send(verb::post, documents + "?title=Internt%20notat&direction=DOCUMENT_INTERNAL&file_name=n.txt",
           Role::kCaseworker, "Kun til kontoret.\n", {{"Content-Type", "text/plain"}}));
  const auto shared = Parse<v1::CaseDocument>(
      Send(verb::post, documents + "?title=Klagen&direction=DOCUMENT_IN&counterpart=citizen&file_name=k.pdf"
                       "&audience=SHARED_WITH_DEPARTMENT",
           Role::kCaseworker, Pdf("klagen"), {{"Content-Type", "application/pdf"}}));
  ASSERT_FALSE(office_only.id().empty());
  ASSERT_FALSE(shared.id().empty());
  std::string notice_id;
  const auto notices = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices", Role::kDepartment));
  for (const v1::Notice& notice : notices.notices()) {
    if (notice.complaint_id() == hearing) notice_id = notice.id();
  }
  ASSERT_FALSE(notice_id.empty());
  const std::string notice_page = "/department/notices/" + notice_id;

  auto page = Send(verb::get, notice_page, Role::kDepartment);
  ASSERT_EQ(page.result(), status::ok);
  EXPECT_THAT(page.body(), HasSubstr("Klagen"));
  EXPECT_THAT(page.body(), HasSubstr("href=\"" + notice_page + "/documents/" + shared.id() + "\""));
  EXPECT_THAT(page.body(), Not(HasSubstr("Internt notat")));
  EXPECT_THAT(page.body(), Not(HasSubstr("Kun kontoret")));  // with whom it is shared is the office's
  auto read = Send(verb::get, notice_page + "/documents/" + shared.id(), Role::kDepartment);
  EXPECT_EQ(read.result(), status::ok);
  EXPECT_EQ(read.body(), Pdf("klagen"));
  EXPECT_EQ(Send(verb::get, notice_page + "/documents/" + office_only.id(), Role::kDepartment).result(),
            status::not_found);

  const std::map<std::string, std::string> multipart = {
      {"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary}};
  auto untitled = Send(verb::post, notice_page + "/documents", Role::kDepartment,
                       Multipart({{"title", ""}}, "udtalelse.pdf", Pdf("udtalelse")), multipart);
  EXPECT_EQ(untitled.result(), status::bad_request);
  EXPECT_THAT(untitled.body(), HasSubstr("<a href=\"#document-title\">Udfyld feltet „Titel“</a>"));
  auto sent = Send(verb::post, notice_page + "/documents", Role::kDepartment,
                   Multipart({{"title", "Forvaltningens udtalelse"}}, "udtalelse.pdf", Pdf("udtalelse")), multipart);
  ASSERT_EQ(sent.result(), status::see_other) << sent.body();
  EXPECT_THAT(std::string(sent[http::field::location]), ::testing::StartsWith(notice_page + "?document="));

  // On the case, the office finds it as the department's, shared with it.
  const auto listed = Parse<v1::ListCaseDocumentsResponse>(Send(verb::get, documents, Role::kCaseworker));
  const auto statement = std::find_if(listed.documents().begin(), listed.documents().end(),
                                      [](const v1::CaseDocument& d) { return d.title() == "Forvaltningens udtalelse"; });
  ASSERT_NE(statement, listed.documents().end());
  EXPECT_EQ(statement->counterpart(), "BUF");
  EXPECT_EQ(statement->direction(), v1::DOCUMENT_IN);
  EXPECT_EQ(statement->audience(), v1::SHARED_WITH_DEPARTMENT);
}

// Uploads spool to disk: beyond --max-uploads at once, the next is told
// to come back rather than read.
class OneUploadAtATimeTest : public CaseDocumentsHttpTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    auto args = CaseDocumentsHttpTest::ServerArgs();
    args.insert(args.end(), {"--max-uploads", "1"});
    return args;
  }
  // The first upload waits, silent, while the second is refused.
  std::string IdleTimeout() const override { return "20"; }
};

TEST_F(OneUploadAtATimeTest, AnUploadBeyondTheCapIsToldToComeBack) {
  const std::string head = RawUploadHead(100000) + "%PDF-1.4\n";
  const int first = SendAndKeepOpen(head);  // under way, its body still coming
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const std::string second = SendRaw(server_->port(), head, std::chrono::seconds(5));
  EXPECT_THAT(second, ::testing::StartsWith("HTTP/1.1 503"));
  EXPECT_THAT(second, HasSubstr("Retry-After: 5"));
  ::close(first);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // The first gone, the next is taken.
  EXPECT_EQ(UploadPdf(Role::kCaseworker, "Bagefter", "OFFICE_ONLY").result(), status::created);
}

// The office shares nothing with the department under a title that names
// the complainant (kValidIntakeJson's Jens Hansen); its own copy may.
TEST_F(CaseDocumentsHttpTest, ADocumentSharedWithTheDepartmentIsNeverTitledWithTheComplainantsName) {
  const long long kept = KeptDocuments();
  auto refused = UploadPdf(Role::kCaseworker, "Brev fra Jens Hansen", "SHARED_WITH_DEPARTMENT");
  EXPECT_EQ(refused.result(), status::bad_request) << refused.body();
  EXPECT_THAT(refused.body(), HasSubstr("names_complainant"));
  EXPECT_EQ(KeptDocuments(), kept);
  EXPECT_EQ(UploadPdf(Role::kCaseworker, "Brev fra Jens Hansen", "OFFICE_ONLY").result(), status::created);
  EXPECT_EQ(UploadPdf(Role::kCaseworker, "Brev fra borgeren", "SHARED_WITH_DEPARTMENT", "x").result(), status::created);
}

}  // namespace
}  // namespace ombudsflow::testing
