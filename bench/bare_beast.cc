// The baseline of bench/request_path.sh: the least an async Beast HTTP/1.1
// server does for a keep-alive GET, in the same model as ombudsflow's
// (a coroutine per connection on a strand, `--threads` threads running one
// io_context), answering each path given with `--body PATH=FILE` with that
// file's bytes as JSON (the script gives it what ombudsflow answers). What
// ombudsflow spends beyond this on a route that needs no database is its
// own cost.
#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/net/beast.h"

namespace {

using namespace ombudsflow;

using Bodies = std::map<std::string, std::string, std::less<>>;

net::awaitable<void> Serve(beast::tcp_stream stream, const Bodies& bodies) {
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (;;) {
    http::request<http::string_body> request;
    co_await http::async_read(stream, buffer, request, net::redirect_error(net::use_awaitable, ec));
    if (ec) break;
    const auto body = bodies.find(request.target());
    http::response<http::string_body> response{body == bodies.end() ? http::status::not_found : http::status::ok,
                                               request.version()};
    response.set(http::field::content_type, "application/json");
    if (body != bodies.end()) response.body() = body->second;
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    co_await http::async_write(stream, response, net::redirect_error(net::use_awaitable, ec));
    if (ec || !response.keep_alive()) break;
  }
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
}

net::awaitable<void> Accept(net::ip::tcp::acceptor& acceptor, net::io_context& io, const Bodies& bodies) {
  for (;;) {
    beast::error_code ec;
    auto socket = co_await acceptor.async_accept(net::make_strand(io), net::redirect_error(net::use_awaitable, ec));
    if (ec) continue;
    auto executor = socket.get_executor();
    net::co_spawn(executor, Serve(beast::tcp_stream(std::move(socket)), bodies), net::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description options("bare_beast");
  options.add_options()("port", po::value<unsigned short>()->required(), "port on 127.0.0.1")(
      "threads", po::value<unsigned>()->default_value(2), "threads running the io_context")(
      "body", po::value<std::vector<std::string>>()->required(), "PATH=FILE: answer GET PATH with FILE's bytes");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, options), vm);
  po::notify(vm);
  const unsigned threads = vm["threads"].as<unsigned>();
  Bodies bodies;
  for (const std::string& given : vm["body"].as<std::vector<std::string>>()) {
    const auto equals = given.find('=');
    std::ifstream file(given.substr(equals + 1), std::ios::binary);
    if (equals == std::string::npos || !file) {
      std::cerr << "bare_beast: --body wants PATH=FILE, a readable file: " << given << "\n";
      return 2;
    }
    std::ostringstream bytes;
    bytes << file.rdbuf();
    bodies.emplace(given.substr(0, equals), bytes.str());
  }

  net::io_context io{static_cast<int>(threads)};
  net::ip::tcp::acceptor acceptor(io);
  const net::ip::tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), vm["port"].as<unsigned short>());
  acceptor.open(endpoint.protocol());
  acceptor.set_option(net::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(net::socket_base::max_listen_connections);
  net::co_spawn(io, Accept(acceptor, io, bodies), net::detached);
  std::vector<std::thread> running;
  for (unsigned i = 1; i < threads; ++i) running.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : running) thread.join();
}
