#include "engine/core/policy/view.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "engine/core/codec/proto_json.h"
#include "ombudsflow/v1/alerts.pb.h"
#include "ombudsflow/v1/reports.pb.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/enquiries.pb.h"
#include "ombudsflow/v1/field_options.pb.h"
#include "ombudsflow/v1/letters.pb.h"
#include "ombudsflow/v1/publication.pb.h"
#include "ombudsflow/v1/sessions.pb.h"
#include "ombudsflow/v1/webhooks.pb.h"

namespace ombudsflow {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;

// Every .proto file of the API, as the build compiled it.
std::vector<const FileDescriptor*> ApiFiles() {
  // The core does not use these messages; a reference links their files in.
  (void)v1::Session::descriptor();
  (void)v1::Letter::descriptor();
  (void)v1::Enquiry::descriptor();
  (void)v1::AnnualReport::descriptor();
  std::vector<const FileDescriptor*> files;
  for (const auto& entry : std::filesystem::directory_iterator(OMBUDSFLOW_PROTO_DIR "/ombudsflow/v1")) {
    const std::string name = "ombudsflow/v1/" + entry.path().filename().string();
    const FileDescriptor* file = google::protobuf::DescriptorPool::generated_pool()->FindFileByName(name);
    EXPECT_NE(file, nullptr) << name << " is not linked into the tests";
    if (file != nullptr) files.push_back(file);
  }
  return files;
}

bool IsWellKnown(const Descriptor& type) { return type.file()->package() == "google.protobuf"; }

// Types reachable through message fields from `roots`, map entries and
// well-known types left out (they take their holder's rules).
std::set<const Descriptor*> Reachable(const std::vector<const Descriptor*>& roots) {
  std::set<const Descriptor*> seen;
  std::vector<const Descriptor*> todo = roots;
  while (!todo.empty()) {
    const Descriptor* type = todo.back();
    todo.pop_back();
    if (!seen.insert(type).second) continue;
    for (int i = 0; i < type->field_count(); ++i) {
      const Descriptor* child = type->field(i)->message_type();
      if (child != nullptr && !type->field(i)->is_map() && !IsWellKnown(*child)) todo.push_back(child);
    }
  }
  return seen;
}

void AllTypes(const Descriptor& type, std::vector<const Descriptor*>& out) {
  if (type.options().map_entry()) return;
  out.push_back(&type);
  for (int i = 0; i < type.nested_type_count(); ++i) AllTypes(*type.nested_type(i), out);
}

struct ApiTypes {
  std::set<const Descriptor*> requests;   // reachable from a *Request message
  std::set<const Descriptor*> responses;  // reachable from any other message
};

ApiTypes Classified() {
  std::vector<const Descriptor*> requests, responses;
  for (const FileDescriptor* file : ApiFiles()) {
    for (int i = 0; i < file->message_type_count(); ++i) {
      const Descriptor* type = file->message_type(i);
      (type->name().ends_with("Request") ? requests : responses).push_back(type);
    }
  }
  return {Reachable(requests), Reachable(responses)};
}

// The allow-list is complete: a field nobody has classified would be sent
// to nobody, so it fails here until someone decides who may see it.
TEST(ViewTest, EveryFieldOfEveryResponseSaysWhoMaySeeIt) {
  const ApiTypes types = Classified();
  ASSERT_GT(types.responses.size(), 20u);
  std::vector<std::string> unclassified;
  for (const Descriptor* type : types.responses) {
    for (int i = 0; i < type->field_count(); ++i) {
      if (type->field(i)->options().GetExtension(v1::visible_to) == v1::AUDIENCE_UNSPECIFIED) {
        unclassified.push_back(type->field(i)->full_name());
      }
    }
  }
  EXPECT_THAT(unclassified, ::testing::IsEmpty());
}

TEST(ViewTest, EveryTextOfEveryRequestHasAMaximumLength) {
  const ApiTypes types = Classified();
  ASSERT_GT(types.requests.size(), 10u);
  std::vector<std::string> unbounded;
  for (const Descriptor* type : types.requests) {
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      if (field->type() == FieldDescriptor::TYPE_STRING && field->options().GetExtension(v1::max_length) == 0) {
        unbounded.push_back(field->full_name());
      }
    }
  }
  EXPECT_THAT(unbounded, ::testing::IsEmpty());
}

v1::Complaint WithEverything() {
  v1::Complaint complaint;
  const auto status = google::protobuf::util::JsonStringToMessage(R"({
    "id": "c1", "caseNumber": "BR-2026-00001", "workflow": "complaint", "workflowVersion": 3,
    "state": "hearing", "version": 7, "channel": "LETTER",
    "complainant": {"name": "Kirstine Ølgaard", "email": "k@example.dk", "phone": "31415926",
                    "postalAddress": "Kanarievej 7", "language": "da"},
    "department": "BUF", "subject": "Sag om 010190-1234", "description": "Jeg hedder Kirstine.",
    "facts": {"department_answer": "CPR 0101901234"},
    "points": [{"number": 1, "text": "Svar til 010190 1234", "selection": "SELECTED"}],
    "consents": [{"id": "k1", "kind": "cpr", "value": "010190-1234", "evidence": "brev"}]})",
                                                                  &complaint);
  EXPECT_TRUE(status.ok()) << status.message();
  return complaint;
}

TEST(ViewTest, ADepartmentSeesTheCaseWithoutPersonalDataConsentsOrCprNumbers) {
  std::unique_ptr<google::protobuf::Message> storage;
  const auto& view = ViewFor(WithEverything(), Audience::kDepartment, storage);
  const std::string json = ToJson(view, false);
  EXPECT_EQ(json,
            R"({"id":"c1","caseNumber":"BR-2026-00001","workflow":"complaint","workflowVersion":3,)"
            R"("state":"hearing","version":7,"department":"BUF","subject":"Sag om 010190-xxxx",)"
            R"("points":[{"number":1,"text":"Svar til 010190-xxxx","selection":"SELECTED"}]})");
  for (const char* canary : {"Kirstine", "k@example.dk", "31415926", "Kanarievej", "1234", "consents", "facts"}) {
    EXPECT_EQ(json.find(canary), std::string::npos) << canary;
  }
}

TEST(ViewTest, OfficeStaffSeeTheWholeCaseUncopied) {
  const v1::Complaint complaint = WithEverything();
  std::unique_ptr<google::protobuf::Message> storage;
  EXPECT_EQ(&ViewFor(complaint, Audience::kOffice, storage), &complaint);
  EXPECT_EQ(storage, nullptr);
}

TEST(ViewTest, ThePublicSeesAPublicationWithoutTheCaseItBelongsTo) {
  v1::ListPublicationsResponse list;
  auto* publication = list.add_publications();
  publication->set_case_number("BR-2026-00001");
  publication->set_complaint_id("c1");
  publication->set_text("Om 0101901234.");
  std::unique_ptr<google::protobuf::Message> storage;
  EXPECT_EQ(ToJson(ViewFor(list, Audience::kPublic, storage), false),
            R"({"publications":[{"caseNumber":"BR-2026-00001","text":"Om 010190-xxxx."}]})");
  EXPECT_EQ(ToJson(ViewFor(list, Audience::kOffice, storage), false),
            R"({"publications":[{"caseNumber":"BR-2026-00001","text":"Om 0101901234.","complaintId":"c1"}]})");
}

TEST(ViewTest, OnlyTheOfficeSeesAlertsAndEndpoints) {
  v1::OfficeAlert alert;
  alert.set_id("a1");
  alert.set_about("hearing_overdue");
  v1::WebhookEndpoint endpoint;
  endpoint.set_secret("whsec_x");
  std::unique_ptr<google::protobuf::Message> storage;
  EXPECT_EQ(ToJson(ViewFor(alert, Audience::kDepartment, storage), false), "{}");
  EXPECT_EQ(ToJson(ViewFor(endpoint, Audience::kPublic, storage), false), "{}");
  EXPECT_EQ(ToJson(ViewFor(endpoint, Audience::kOffice, storage), false), R"({"secret":"whsec_x"})");
}

// Identifiers are the server's and pass unmasked; only fields named as
// identifiers may be marked so, so no free text escapes the masking.
TEST(ViewTest, IdentifiersAndOnlyIdentifiersAreExemptFromMasking) {
  auto looks_like_identifier = [](const std::string& name) {
    // A hash is the server's too: hex whose digit runs would read as phone
    // or CPR numbers.
    return name == "id" || name.ends_with("_id") || name == "case_number" || name == "next_page_token" ||
           name == "href" || name == "csrf_token" || name == "sha256";
  };
  for (const Descriptor* type : Classified().responses) {
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor& field = *type->field(i);
      const bool marked = field.options().GetExtension(v1::identifier);
      if (field.type() != FieldDescriptor::TYPE_STRING) {
        EXPECT_FALSE(marked) << field.full_name();
        continue;
      }
      EXPECT_EQ(marked, looks_like_identifier(field.name())) << field.full_name();
    }
  }
}

TEST(ViewTest, AUuidWhoseDigitsReadAsACprNumberReachesTheDepartmentWhole) {
  // "120190" + "-1234" reads as a CPR number inside these ids.
  const std::string id = "ab120190-1234-4abc-8def-0123456789ab";
  v1::ListNoticesResponse list;
  auto* notice = list.add_notices();
  notice->set_id(id);
  notice->set_complaint_id(id);
  notice->set_notice("hearing 120190-1234");
  (*notice->mutable_payload()->mutable_fields())["complaintId"].set_string_value(id);
  (*notice->mutable_payload()->mutable_fields())["note"].set_string_value(id + " 120190-1234");
  list.set_next_page_token("1790000000000000." + id);
  std::unique_ptr<google::protobuf::Message> storage;
  const auto& view = dynamic_cast<const v1::ListNoticesResponse&>(ViewFor(list, Audience::kDepartment, storage));
  EXPECT_EQ(view.notices(0).id(), id);
  EXPECT_EQ(view.notices(0).complaint_id(), id);
  EXPECT_EQ(view.next_page_token(), list.next_page_token());
  EXPECT_EQ(view.notices(0).payload().fields().at("complaintId").string_value(), id);
  // Text is masked still, even text that carries an id.
  EXPECT_EQ(view.notices(0).notice(), "hearing 120190-xxxx");
  EXPECT_THAT(view.notices(0).payload().fields().at("note").string_value(),
              ::testing::EndsWith(" 120190-xxxx"));
}

// What a service answers with: the reader's view, by who reads.
TEST(ViewTest, SeenByGivesEachReaderTheirAudiencesView) {
  v1::ListPublicationsResponse list;
  auto* publication = list.add_publications();
  publication->set_case_number("BR-2026-00001");
  publication->set_complaint_id("c1");
  publication->set_text("Om 0101901234.");
  const Actor department{Role::kDepartment, "BUF", "BUF system", "t1"};
  const Actor caseworker{Role::kCaseworker, {}, "Anne", "t2"};
  EXPECT_EQ(ToJson(SeenBy(nullptr, list), false),
            R"({"publications":[{"caseNumber":"BR-2026-00001","text":"Om 010190-xxxx."}]})");
  EXPECT_EQ(ToJson(SeenBy(&department, list), false),
            R"({"publications":[{"caseNumber":"BR-2026-00001","text":"Om 010190-xxxx."}]})");
  EXPECT_EQ(ToJson(SeenBy(&caseworker, list), false),
            R"({"publications":[{"caseNumber":"BR-2026-00001","text":"Om 0101901234.","complaintId":"c1"}]})");

  v1::Complaint complaint;
  complaint.set_subject("Svartid");
  complaint.set_description("Jens Hansen, 0101901234");
  complaint.mutable_complainant()->set_name("Jens Hansen");
  const v1::Complaint seen = SeenBy(&department, complaint);
  EXPECT_EQ(seen.subject(), "Svartid");
  EXPECT_FALSE(seen.has_complainant());
  EXPECT_EQ(seen.description(), "");
}

TEST(ViewTest, AudienceFollowsTheCallersRole) {
  const Actor department{Role::kDepartment, "BUF", "BUF system", "t1"};
  const Actor caseworker{Role::kCaseworker, {}, "Anne", "t2"};
  const Actor administrator{Role::kAdministrator, {}, "Admin", "t3"};
  EXPECT_EQ(AudienceOf(nullptr), Audience::kPublic);
  EXPECT_EQ(AudienceOf(&department), Audience::kDepartment);
  EXPECT_EQ(AudienceOf(&caseworker), Audience::kOffice);
  EXPECT_EQ(AudienceOf(&administrator), Audience::kOffice);
}

}  // namespace
}  // namespace ombudsflow
