#pragma once

#include <google/protobuf/message.h>

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <utility>

#include "api/http_api.h"
#include "engine/core/policy/view.h"

namespace ombudsflow::api {

/// A reply whose message never changes while the server runs (the workflow
/// catalog's), encoded once for each audience and format that asks for it
/// and then answered from those bytes: the proto-to-JSON printer is the
/// costliest part of such a request. Thread-safe.
class ConstantReply {
 public:
  explicit ConstantReply(std::unique_ptr<const google::protobuf::Message> message) : message_(std::move(message)) {}

  /// What context.Reply(status, message) would answer.
  [[nodiscard]] Response Reply(const RequestContext& context, http::status status) const {
    const Key key{AudienceOf(context.actor), context.response_format};
    {
      std::shared_lock lock(mutex_);
      if (auto found = bodies_.find(key); found != bodies_.end()) return context.ReplyEncoded(status, found->second);
    }
    std::string body = context.Encoded(*message_);
    {
      std::unique_lock lock(mutex_);
      bodies_.emplace(key, body);
    }
    return context.ReplyEncoded(status, std::move(body));
  }

 private:
  using Key = std::pair<Audience, Format>;
  std::unique_ptr<const google::protobuf::Message> message_;
  mutable std::shared_mutex mutex_;
  mutable std::map<Key, std::string> bodies_;
};

}  // namespace ombudsflow::api
