// Load generator for bench/transitions.sh: N clients, each on its own
// keep-alive connection, walk their own complaints down the investigation
// path, one transition per request, for a fixed time. Prints transitions per
// second. Cases are registered before the clock starts.
//
// --protobuf sends and asks for protobuf instead of JSON (the same messages).
// --rate R paces the clients to R transitions a second in all (each client
// its share, on a fixed schedule), and times each from when it was due, so a
// slow answer's wait is counted in the transitions it delayed.
// It prints its own CPU time while the clock ran, as a share of the
// machine's cores, so the server's figure can be read fairly.
#include <boost/program_options.hpp>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "engine/core/codec/proto_json.h"
#include "engine/net/beast.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace {

using namespace ombudsflow;

struct Step {
  bool by_ombudsman;
  std::string body;
};

// The investigation path from 'received' to 'closed': six transitions.
const std::vector<Step> kPath = {
    {false, R"({"name":"consider_solutions","input":{"department_has_answered":true}})"},
    {false, R"({"name":"start_written_treatment","input":{"points":["Svartid","Partshøring"]}})"},
    {true, R"({"name":"open_investigation","input":{"actuality":"a","significance":"b","complexity":"c",)"
           R"("citizen_gain":"d","improvement_potential":"e","selected_points":[1,2]}})"},
    {false, R"({"name":"record_department_answer","input":{"department_answer":"Svar"}})"},
    {false, R"({"name":"assess_points","input":{"assessments":[{"number":1,"outcome":"CRITICISM"},)"
            R"({"number":2,"outcome":"NO_CRITICISM"}]}})"},
    {true, R"({"name":"close_without_publication","input":{"newsletter":false,)"
           R"("newsletter_criteria":[],"newsletter_note":"Enkeltsag"}})"},
};

const std::string kIntake =
    R"({"channel":"LETTER","complainant":{"name":"Jens Hansen","email":"jens@example.dk"},)"
    R"("department":"BUF","subject":"Svar på ansøgning","description":"Intet svar."})";

class Client {
 public:
  Client(net::io_context& io, const std::string& host, unsigned short port)
      : stream_(io) {
    stream_.connect(net::ip::tcp::endpoint(net::ip::make_address(host), port));
  }

  HttpResponse Post(const std::string& token, const std::string& target, const std::string& body,
                    const std::string& media_type, const std::string& if_match = {}) {
    HttpRequest request{http::verb::post, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::authorization, "Bearer " + token);
    request.set(http::field::content_type, media_type);
    request.set(http::field::accept, media_type);
    if (!if_match.empty()) request.set(http::field::if_match, if_match);
    request.body() = body;
    request.prepare_payload();
    http::write(stream_, request);
    HttpResponse response;
    http::read(stream_, buffer_, response);
    return response;
  }

 private:
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

std::string IdOf(const std::string& body, bool protobuf) {
  if (protobuf) {
    v1::Complaint complaint;
    return complaint.ParseFromString(body) ? complaint.id() : std::string();
  }
  const auto at = body.find("\"id\":\"") + 6;
  return body.substr(at, body.find('"', at) - at);
}

// `json` as the protobuf message M's bytes, for --protobuf.
template <class M>
std::string AsProtobuf(const std::string& json) {
  M message;
  if (!FromJson(json, message).ok()) {
    std::cerr << "not a " << M::descriptor()->full_name() << ": " << json << "\n";
    std::exit(2);
  }
  return message.SerializeAsString();
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description options("transition_load");
  options.add_options()("port", po::value<unsigned short>()->required())(
      "token", po::value<std::string>()->required())(
      "ombudsman-token", po::value<std::string>()->required())("clients", po::value<int>()->default_value(16))(
      "seconds", po::value<int>()->default_value(10))("cases", po::value<int>()->default_value(250))(
      "when-ready", po::value<std::string>()->default_value(""),
      "a shell command to run once the cases are registered, before the clock starts")(
      "protobuf", po::bool_switch(), "protobuf bodies instead of JSON")(
      "rate", po::value<double>()->default_value(0), "transitions a second in all (0: as fast as answered)");
  po::variables_map values;
  po::store(po::parse_command_line(argc, argv, options), values);
  po::notify(values);
  const int clients = values["clients"].as<int>();
  const int cases_per_client = values["cases"].as<int>();
  const bool protobuf = values["protobuf"].as<bool>();
  const std::string media_type = protobuf ? "application/x-protobuf" : "application/json";
  const std::string intake = protobuf ? AsProtobuf<v1::CreateComplaintRequest>(kIntake) : kIntake;
  std::vector<Step> path = kPath;
  if (protobuf) {
    for (Step& step : path) step.body = AsProtobuf<v1::TransitionRequest>(step.body);
  }
  // Each client's interval between transitions under --rate.
  const double rate = values["rate"].as<double>();
  const auto interval = rate > 0 ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                       std::chrono::duration<double>(clients / rate))
                                 : std::chrono::steady_clock::duration::zero();
  std::atomic<std::chrono::steady_clock::rep> start_at{0};

  std::atomic<bool> go{false}, stop{false}, ran_out{false};
  std::atomic<long> done{0}, failed{0};
  std::atomic<int> ready{0};
  // Each client's transition latencies, in its own slot: no lock on the path.
  std::vector<std::vector<double>> latencies_ms(static_cast<std::size_t>(clients));
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      auto& latencies = latencies_ms[static_cast<std::size_t>(c)];
      net::io_context io;
      Client client(io, "127.0.0.1", values["port"].as<unsigned short>());
      const std::string caseworker = values["token"].as<std::string>();
      const std::string ombudsman = values["ombudsman-token"].as<std::string>();
      std::vector<std::string> ids;
      for (int i = 0; i < cases_per_client; ++i) {
        auto created = client.Post(caseworker, "/v1/complaints", intake, media_type);
        if (created.result() != http::status::created) {
          std::cerr << "intake failed: " << created.body() << "\n";
          std::exit(1);
        }
        ids.push_back(IdOf(created.body(), protobuf));
      }
      ++ready;
      while (!go) std::this_thread::yield();
      // Under --rate, the clients' schedules are staggered across one interval.
      auto due = std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(start_at.load())) +
                 interval * c / clients;
      for (const auto& id : ids) {
        int version = 1;
        for (const auto& step : path) {
          if (stop) return;
          if (rate > 0) {
            std::this_thread::sleep_until(due);
            if (stop) return;
          }
          const auto sent = rate > 0 ? due : std::chrono::steady_clock::now();
          due += interval;
          auto response = client.Post(step.by_ombudsman ? ombudsman : caseworker,
                                      "/v1/complaints/" + id + "/transitions", step.body, media_type,
                                      "\"" + std::to_string(version) + "\"");
          if (response.result() == http::status::ok) {
            if (!stop) {
              latencies.push_back(
                  std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent).count());
            }
            ++done;
            ++version;
          } else {
            ++failed;
            std::cerr << "transition failed: " << response.body() << "\n";
            break;
          }
        }
      }
      ran_out = true;  // idle from here on: the figure would be too low
    });
  }
  while (ready < clients) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (const auto& command = values["when-ready"].as<std::string>(); !command.empty()) {
    if (std::system(command.c_str()) != 0) {
      std::cerr << "--when-ready failed: " << command << "\n";
      return 2;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  start_at = start.time_since_epoch().count();
  const double cpu_at_start = CpuSeconds();
  go = true;
  std::this_thread::sleep_for(std::chrono::seconds(values["seconds"].as<int>()));
  stop = true;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = CpuSeconds() - cpu_at_start;
  const long transitions = done.load();
  for (auto& thread : threads) thread.join();
  std::vector<double> all;
  for (const auto& latencies : latencies_ms) all.insert(all.end(), latencies.begin(), latencies.end());
  std::sort(all.begin(), all.end());
  auto percentile = [&all](double p) {
    return all.empty() ? 0.0 : all[static_cast<std::size_t>(p * static_cast<double>(all.size() - 1))];
  };
  std::cout << "transitions " << transitions << " failed " << failed.load() << " seconds " << elapsed
            << " tps " << static_cast<long>(transitions / elapsed) << " p50_ms " << percentile(0.50)
            << " p99_ms " << percentile(0.99) << " p999_ms " << percentile(0.999) << " load_cpu "
            << static_cast<int>(100 * cpu / (elapsed * std::thread::hardware_concurrency())) << "%" << std::endl;
  if (ran_out) {
    std::cerr << "a client ran out of cases before the time was up; raise --cases\n";
    return 2;
  }
  return failed.load() == 0 ? 0 : 1;
}
