// Webhook receiver for the bench scripts. By default (bench/delivery_lag.sh)
// it answers every notice webhook 204 after checking its signature, and
// records the lag from the notice's creation (its transition's commit, to
// within the transaction) to the answer. With --hang
// (bench/hanging_receiver.sh) it reads each request and never answers, so
// every delivery takes the server's full timeout. On SIGINT or SIGTERM
// prints what it saw.
#include <boost/program_options.hpp>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/core/webhooks/webhook_signature.h"
#include "engine/net/beast.h"
#include "ombudsflow/v1/webhooks.pb.h"

namespace {

using namespace ombudsflow;
using tcp = net::ip::tcp;

std::mutex mutex;
std::vector<double> lags_ms;
long bad_signatures = 0;
// Each delivery's webhook-id: the same id twice is a duplicate delivery,
// which a receiver absorbs by the id (after a failover, say).
std::set<std::string> seen_ids;
long duplicates = 0;

long hung = 0;

net::awaitable<void> Serve(tcp::socket socket, std::string key, bool hang) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    HttpRequest request;
    beast::error_code ec;
    co_await http::async_read(stream, buffer, request, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return;
    if (hang) {
      {
        std::lock_guard lock(mutex);
        ++hung;
      }
      // Until the server gives up and closes: the read ends then.
      char byte;
      co_await stream.socket().async_read_some(net::buffer(&byte, 1), net::redirect_error(net::use_awaitable, ec));
      co_return;
    }
    const auto now = std::chrono::system_clock::now();
    long long timestamp = 0;
    try {
      timestamp = std::stoll(std::string(request["webhook-timestamp"]));
    } catch (const std::exception&) {
    }
    const bool valid = ombudsflow::VerifyWebhookSignature(key, request["webhook-id"], timestamp, request.body(),
                                                          request["webhook-signature"]);
    ombudsflow::v1::NoticeWebhook webhook;
    if (valid && google::protobuf::util::JsonStringToMessage(request.body(), &webhook).ok()) {
      const auto created = std::chrono::system_clock::time_point(std::chrono::microseconds(
          google::protobuf::util::TimeUtil::TimestampToMicroseconds(webhook.data().create_time())));
      std::lock_guard lock(mutex);
      lags_ms.push_back(std::chrono::duration<double, std::milli>(now - created).count());
      if (!seen_ids.insert(std::string(request["webhook-id"])).second) ++duplicates;
    } else {
      std::lock_guard lock(mutex);
      ++bad_signatures;
    }
    HttpResponse response{valid ? http::status::no_content : http::status::unauthorized, request.version()};
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    co_await http::async_write(stream, response, net::redirect_error(net::use_awaitable, ec));
    if (ec || !request.keep_alive()) co_return;
  }
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description options("delivery_receiver");
  options.add_options()("secret", po::value<std::string>()->required())(
      "port-file", po::value<std::string>()->required())("hang", po::bool_switch());
  po::variables_map values;
  po::store(po::parse_command_line(argc, argv, options), values);
  po::notify(values);
  const auto key = ombudsflow::DecodeWebhookSecret(values["secret"].as<std::string>());
  if (!key) {
    std::cerr << "not a whsec_ secret\n";
    return 2;
  }

  net::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  {
    std::ofstream(values["port-file"].as<std::string>()) << acceptor.local_endpoint().port() << "\n";
  }
  net::co_spawn(io, [&]() -> net::awaitable<void> {
    for (;;) {
      beast::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(net::redirect_error(net::use_awaitable, ec));
      if (ec) co_return;
      net::co_spawn(io, Serve(std::move(socket), *key, values["hang"].as<bool>()), net::detached);
    }
  }, net::detached);
  net::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code&, int) { io.stop(); });
  io.run();

  std::lock_guard lock(mutex);
  if (values["hang"].as<bool>()) {
    std::cout << "requests left unanswered " << hung << std::endl;
    return 0;
  }
  std::cout << "deliveries " << lags_ms.size() << " duplicates " << duplicates << " bad_signatures " << bad_signatures
            << " lag_ms p50 "
            << Percentile(lags_ms, 0.50) << " p99 " << Percentile(lags_ms, 0.99) << " max "
            << (lags_ms.empty() ? 0 : *std::max_element(lags_ms.begin(), lags_ms.end())) << std::endl;
  return 0;
}
