// Request decoding, as the server does it for every body: JSON or binary
// protobuf into each request message of the API. The first byte picks the
// message, the second the format; the rest is the body. Decoding must
// answer (a message or a 400 Problem) and never crash, hang or leak.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "api/codec.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/publication.pb.h"
#include "ombudsflow/v1/sessions.pb.h"
#include "ombudsflow/v1/webhooks.pb.h"

namespace {

// Every message of the API whose name ends in "Request".
std::vector<const google::protobuf::Message*> RequestPrototypes() {
  // References that link each file's descriptors in.
  const google::protobuf::Descriptor* files[] = {
      ombudsflow::v1::CreateComplaintRequest::descriptor(), ombudsflow::v1::CreateDelegationRequest::descriptor(),
      ombudsflow::v1::SignInRequest::descriptor(), ombudsflow::v1::CreateWebhookEndpointRequest::descriptor()};
  std::vector<const google::protobuf::Message*> prototypes;
  for (const auto* anchor : files) {
    const google::protobuf::FileDescriptor* file = anchor->file();
    for (int i = 0; i < file->message_type_count(); ++i) {
      const google::protobuf::Descriptor* type = file->message_type(i);
      if (!std::string_view(type->name()).ends_with("Request")) continue;
      prototypes.push_back(google::protobuf::MessageFactory::generated_factory()->GetPrototype(type));
    }
  }
  return prototypes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<const google::protobuf::Message*> prototypes = RequestPrototypes();
  if (size < 2) return 0;
  const google::protobuf::Message& prototype = *prototypes[data[0] % prototypes.size()];
  const auto format = data[1] % 2 == 0 ? ombudsflow::api::Format::kJson : ombudsflow::api::Format::kProtobuf;
  std::unique_ptr<google::protobuf::Message> message(prototype.New());
  const std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);
  (void)ombudsflow::api::Decode(format, body, *message);
  return 0;
}
