// Load generator for bench/transitions.sh: N clients, each on its own
// keep-alive connection, walk their own complaints down the investigation
// path, one transition per request, for a fixed time. Prints transitions per
// second. Cases are registered before the clock starts.
#include <boost/program_options.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "engine/net/beast.h"

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
                const std::string& if_match = {}) {
    HttpRequest request{http::verb::post, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::authorization, "Bearer " + token);
    request.set(http::field::content_type, "application/json");
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

std::string IdOf(const std::string& json) {
  const auto at = json.find("\"id\":\"") + 6;
  return json.substr(at, json.find('"', at) - at);
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
      "a shell command to run once the cases are registered, before the clock starts");
  po::variables_map values;
  po::store(po::parse_command_line(argc, argv, options), values);
  po::notify(values);
  const int clients = values["clients"].as<int>();
  const int cases_per_client = values["cases"].as<int>();

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
        auto created = client.Post(caseworker, "/v1/complaints", kIntake);
        if (created.result() != http::status::created) {
          std::cerr << "intake failed: " << created.body() << "\n";
          std::exit(1);
        }
        ids.push_back(IdOf(created.body()));
      }
      ++ready;
      while (!go) std::this_thread::yield();
      for (const auto& id : ids) {
        int version = 1;
        for (const auto& step : kPath) {
          if (stop) return;
          const auto sent = std::chrono::steady_clock::now();
          auto response = client.Post(step.by_ombudsman ? ombudsman : caseworker,
                                      "/v1/complaints/" + id + "/transitions", step.body,
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
  go = true;
  std::this_thread::sleep_for(std::chrono::seconds(values["seconds"].as<int>()));
  stop = true;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
            << " p99_ms " << percentile(0.99) << std::endl;
  if (ran_out) {
    std::cerr << "a client ran out of cases before the time was up; raise --cases\n";
    return 2;
  }
  return failed.load() == 0 ? 0 : 1;
}
