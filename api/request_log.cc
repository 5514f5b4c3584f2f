#include "api/request_log.h"

#include <google/protobuf/util/time_util.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace ombudsflow::api {

std::string RequestLogLine(const RequestRecord& record, Timestamp at) {
  nlohmann::json line = {
      {"time", google::protobuf::util::TimeUtil::ToString(
                   google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(at)))},
      {"request_id", record.request_id},
      {"method", record.method},
      {"route", record.route},
      {"status", record.status},
      {"duration_ms", static_cast<double>(record.duration.count()) / 1000.0},
      {"user", record.actor.empty() ? nlohmann::json(nullptr) : nlohmann::json(record.actor)},
  };
  // A request id is checked when received, but a route or an actor's
  // system name is never trusted to be valid UTF-8 here: replace, don't throw.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

RequestObserver RequestLogger(const Clock& clock) {
  std::shared_ptr<spdlog::logger> logger = spdlog::get("requests");
  if (!logger) {
    logger = spdlog::stderr_logger_mt("requests");
    logger->set_pattern("%v");
  }
  return [logger, &clock](const RequestRecord& record) { logger->info(RequestLogLine(record, clock.Now())); };
}

}  // namespace ombudsflow::api
