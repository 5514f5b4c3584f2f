// Times GET requests on one keep-alive connection, one after another, and
// prints each target's median and 99th percentile: what a page costs the
// server (and loopback), with no other load. bench/web_render.sh drives it.
//
//   page_timer --port P --cookie 'ombudsflow_session=...' --requests 2000 TARGET...
#include "engine/net/beast.h"

#include <boost/program_options.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace po = boost::program_options;
using ombudsflow::http::field;
using ombudsflow::http::verb;

int main(int argc, char** argv) {
  po::options_description options("page_timer");
  options.add_options()("port", po::value<unsigned short>()->required(), "server port")(
      "cookie", po::value<std::string>()->default_value(""), "Cookie header to send")(
      "requests", po::value<int>()->default_value(2000), "requests per target (after 100 warm-up ones)")(
      "target", po::value<std::vector<std::string>>()->required(), "paths to time");
  po::positional_options_description positional;
  positional.add("target", -1);
  po::variables_map values;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).positional(positional).run(), values);
    po::notify(values);
  } catch (const std::exception& error) {
    std::cerr << error.what() << "\n" << options;
    return 2;
  }
  namespace net = boost::asio;
  namespace beast = boost::beast;
  net::io_context io;
  net::ip::tcp::socket socket(io);
  socket.connect({net::ip::make_address("127.0.0.1"), values["port"].as<unsigned short>()});
  beast::flat_buffer buffer;
  const int requests = values["requests"].as<int>();
  for (const std::string& target : values["target"].as<std::vector<std::string>>()) {
    std::vector<double> micros;
    std::size_t bytes = 0;
    for (int i = 0; i < requests + 100; ++i) {
      ombudsflow::HttpRequest request{verb::get, target, 11};
      request.set(field::host, "127.0.0.1");
      request.set(field::accept, "text/html, application/json;q=0.9");
      if (!values["cookie"].as<std::string>().empty()) request.set(field::cookie, values["cookie"].as<std::string>());
      request.keep_alive(true);
      const auto start = std::chrono::steady_clock::now();
      beast::http::write(socket, request);
      ombudsflow::HttpResponse response;
      beast::http::read(socket, buffer, response);
      const auto took = std::chrono::steady_clock::now() - start;
      if (response.result() != ombudsflow::http::status::ok) {
        std::cerr << target << ": " << response.result_int() << "\n" << response.body().substr(0, 500) << "\n";
        return 1;
      }
      bytes = response.body().size();
      if (i >= 100) micros.push_back(std::chrono::duration<double, std::micro>(took).count());
    }
    std::sort(micros.begin(), micros.end());
    const auto at = [&](double q) { return micros[static_cast<std::size_t>(q * (micros.size() - 1))]; };
    std::printf("%s: p50 %.0f us, p99 %.0f us, max %.0f us, %zu bytes, %d requests\n", target.c_str(), at(0.5),
                at(0.99), micros.back(), bytes, requests);
  }
  return 0;
}
