// bench: the arena's overhead measured against direct calls to the same fake-ollama, in one
// run (docs/PERFORMANCE.md). A lean single-threaded Asio client so the generator's own cost
// stays small, and is measured: every figure is reported beside its direct counterpart.
//
// Usage: arena_load --arena PORT --fake PORT --paced-fake PORT --fast-fake PORT [--quick]
//   --fake        fake-ollama at full speed, used by the arena too (fan-out throughput)
//   --paced-fake  fake-ollama at 200 tokens/s (first-token and many-clients runs)
//   --fast-fake   fake-ollama at 800 tokens/s (the direct side of the many-clients run)
// The arena under test must point at --fake for the throughput run and at --paced-fake for
// the others, so tools/bench.sh starts two arenas.
//   --only fanout|ttft|clients  one run;  --clients N  the many-clients run with N clients
//   --only shape  the arena side's upstream traffic of the many-clients run, read directly
//                 (one table row, no header; tools/bench.sh runs it apart to count its CPU)
//   BENCH_DEBUG=1 (environment) prints the arena side's header / first-line / total time
//   quantiles of the many-clients run to stderr (where the waiting happens).
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

struct stream_result {
    bool ok = false;
    double first_line_s = 0; // request sent -> first complete line
    double total_s = 0;      // request sent -> end of body
    double header_s = 0;     // request sent -> response header
    std::size_t lines = 0;
    std::size_t finals = 0; // lines with "done":true
    std::size_t errors = 0; // lines with an "error" key
};

// POSTs `body` to 127.0.0.1:port`target` and reads the NDJSON answer line by line.
net::awaitable<stream_result> post_stream(std::uint16_t port, std::string target,
                                          std::string body) {
    stream_result r;
    auto ex = co_await net::this_coro::executor;
    tcp::socket socket(ex);
    co_await socket.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                                  net::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
    req.prepare_payload();
    const auto start = clock_type::now();
    co_await http::async_write(socket, req, net::use_awaitable);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(boost::none);
    co_await http::async_read_header(socket, buffer, parser, net::use_awaitable);
    r.header_s = std::chrono::duration<double>(clock_type::now() - start).count();
    char chunk[16384];
    std::string partial;
    while (!parser.is_done()) {
        parser.get().body().data = chunk;
        parser.get().body().size = sizeof chunk;
        auto [ec, n] = co_await http::async_read_some(socket, buffer, parser,
                                                      net::as_tuple(net::use_awaitable));
        if (ec && ec != http::error::need_buffer)
            co_return r;
        const std::string_view got(chunk, sizeof chunk - parser.get().body().size);
        partial.append(got);
        std::size_t pos = 0;
        for (auto nl = partial.find('\n'); nl != std::string::npos; nl = partial.find('\n', pos)) {
            const std::string_view line(partial.data() + pos, nl - pos);
            if (r.lines++ == 0)
                r.first_line_s = std::chrono::duration<double>(clock_type::now() - start).count();
            if (line.find("\"done\":true") != std::string_view::npos)
                ++r.finals;
            if (line.find("\"error\"") != std::string_view::npos)
                ++r.errors;
            pos = nl + 1;
        }
        partial.erase(0, pos);
    }
    r.total_s = std::chrono::duration<double>(clock_type::now() - start).count();
    r.ok = r.errors == 0 && partial.empty();
    co_return r;
}

std::string direct_body(const std::string& model, int tokens, int salt) {
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"bench )" +
           std::to_string(salt) + R"("}],"options":{"num_predict":)" + std::to_string(tokens) +
           "}}";
}

std::string arena_body(int instances, int tokens, int salt) {
    static const char* models[] = {"llama3.2:3b", "qwen2.5:7b", "mistral:7b", "gemma2:2b",
                                   "phi3:mini"};
    std::string b = R"({"history":[{"role":"user","content":"bench )" + std::to_string(salt) +
                    R"("}],"model_instances":[)";
    for (int i = 0; i < instances; ++i) {
        if (i)
            b += ",";
        b += R"({"model":")" + std::string(models[i % 5]) + R"(","num_predict":)" +
             std::to_string(tokens) + "}";
    }
    return b + "]}";
}

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto idx = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(idx, v.size() - 1)];
}

// Runs `n` copies of make(i) concurrently and returns their results.
template <class Make>
std::vector<stream_result> run_concurrently(int n, Make make) {
    net::io_context ioc(1);
    std::vector<stream_result> out(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        net::co_spawn(ioc, make(i), [&out, i](std::exception_ptr e, stream_result r) {
            if (!e)
                out[static_cast<std::size_t>(i)] = r;
        });
    }
    ioc.run();
    return out;
}

double wall(const std::vector<stream_result>& rs) {
    double m = 0;
    for (const auto& r : rs)
        m = std::max(m, r.total_s);
    return m;
}

struct options {
    std::uint16_t arena = 0, arena_paced = 0, fake = 0, paced = 0, fast = 0;
    bool quick = false;
    int clients = 0; // many-clients run: 0 = the default (1000, or 20 with --quick)
};

void fanout_throughput(const options& o) {
    const int rounds = o.quick ? 2 : 30;
    const int tokens = o.quick ? 200 : 2000;
    std::vector<double> direct, arena;
    // Round -1 warms both paths (connection pools, caches) and is not counted; the two sides
    // alternate so a slow phase of the machine hits both.
    for (int round = -1; round < rounds; ++round) {
        auto d = run_concurrently(4, [&](int i) {
            static const char* models[] = {"llama3.2:3b", "qwen2.5:7b", "mistral:7b", "gemma2:2b"};
            return post_stream(o.fake, "/api/chat", direct_body(models[i], tokens, round));
        });
        auto a = run_concurrently(1, [&](int) {
            return post_stream(o.arena, "/api/stream_chat", arena_body(4, tokens, round));
        });
        if (!a[0].ok || a[0].finals != 4)
            std::cerr << "arena run not intact\n";
        if (round < 0)
            continue;
        direct.push_back(wall(d));
        arena.push_back(a[0].total_s);
    }
    const double dm = percentile(direct, 0.5), am = percentile(arena, 0.5);
    std::printf("| Fan-out 4 x %d tokens, full speed (median of %d) | %.1f ms | %.1f ms | %.3f x | "
                "<= 1.15 x |\n",
                tokens, rounds, dm * 1e3, am * 1e3, am / dm);
    std::printf("| Lines per second (4 x %d) | %.0f | %.0f | | |\n", tokens, 4.0 * tokens / dm,
                (4.0 * tokens + 4) / am);
}

void first_token(const options& o) {
    const int trials = o.quick ? 5 : 200;
    std::vector<double> added, direct_ttft, arena_ttft;
    for (int t = 0; t < trials; ++t) {
        auto d = run_concurrently(4, [&](int i) {
            static const char* models[] = {"llama3.2:3b", "qwen2.5:7b", "mistral:7b", "gemma2:2b"};
            return post_stream(o.paced, "/api/chat", direct_body(models[i], 5, t));
        });
        double dfirst = 1e9;
        for (const auto& r : d)
            dfirst = std::min(dfirst, r.first_line_s);
        auto a = run_concurrently(1, [&](int) {
            return post_stream(o.arena_paced, "/api/stream_chat", arena_body(4, 5, t));
        });
        direct_ttft.push_back(dfirst);
        arena_ttft.push_back(a[0].first_line_s);
        added.push_back(a[0].first_line_s - dfirst);
    }
    std::printf("| Time to first line, 4 instances, 5 ms/token (median) | %.3f ms | %.3f ms | "
                "+%.3f ms | <= +1 ms |\n",
                percentile(direct_ttft, 0.5) * 1e3, percentile(arena_ttft, 0.5) * 1e3,
                percentile(added, 0.5) * 1e3);
    std::printf("| Added time to first line (p99) | | | +%.3f ms | |\n",
                percentile(added, 0.99) * 1e3);
}

void many_clients(const options& o) {
    const int clients = o.clients > 0 ? o.clients : o.quick ? 20 : 1000;
    auto direct = run_concurrently(clients, [&](int i) {
        return post_stream(o.fast, "/api/chat", direct_body("llama3.2:3b", 400, i));
    });
    auto arena = run_concurrently(clients, [&](int i) {
        return post_stream(o.arena_paced, "/api/stream_chat", arena_body(4, 100, i));
    });
    auto summarize = [](const std::vector<stream_result>& rs, std::size_t finals_expected) {
        std::vector<double> total, first;
        int intact = 0;
        for (const auto& r : rs) {
            if (r.ok && r.finals == finals_expected)
                ++intact;
            total.push_back(r.total_s);
            first.push_back(r.first_line_s);
        }
        return std::tuple{intact,
                          percentile(total, 0.5),
                          percentile(total, 0.99),
                          percentile(total, 1.0),
                          percentile(first, 0.5),
                          percentile(first, 1.0)};
    };
    if (std::getenv("BENCH_DEBUG")) {
        std::vector<double> h, f, t;
        for (const auto& r : arena) {
            h.push_back(r.header_s);
            f.push_back(r.first_line_s);
            t.push_back(r.total_s);
        }
        for (double q : {0.1, 0.25, 0.5, 0.75, 0.9, 1.0})
            std::fprintf(stderr, "q%.2f header %.0f first %.0f total %.0f\n", q,
                         percentile(h, q) * 1e3, percentile(f, q) * 1e3, percentile(t, q) * 1e3);
    }
    auto [di, dp50, dp99, dmax, dfirst50, dfirst] = summarize(direct, 1);
    auto [ai, ap50, ap99, amax, afirst50, afirst] = summarize(arena, 4);
    std::printf("| %d clients: complete and intact | %d | %d | | all |\n", clients, di, ai);
    std::printf("| %d clients: request time p50 | %.0f ms | %.0f ms | %.2f x | <= 1.2 x |\n",
                clients, dp50 * 1e3, ap50 * 1e3, ap50 / dp50);
    std::printf("| %d clients: request time p99 | %.0f ms | %.0f ms | %.2f x | |\n", clients,
                dp99 * 1e3, ap99 * 1e3, ap99 / dp99);
    std::printf("| %d clients: request time max | %.0f ms | %.0f ms | %.2f x | <= 1.5 x |\n",
                clients, dmax * 1e3, amax * 1e3, amax / dmax);
    std::printf("| %d clients: first line p50 | %.0f ms | %.0f ms | | |\n", clients, dfirst50 * 1e3,
                afirst50 * 1e3);
    std::printf("| %d clients: slowest first line | %.0f ms | %.0f ms | | |\n", clients,
                dfirst * 1e3, afirst * 1e3);
}

// The arena side's upstream traffic without the arena: as many direct streams as the arena
// opens in the many-clients run (4 per client x 100 tokens at 200 tokens/s, from the same
// paced fake), read by the same generator. What the fake and the generator alone need for
// that traffic; the arena's own cost is what its run takes beyond this.
void upstream_shape(const options& o) {
    const int clients = o.clients > 0 ? o.clients : o.quick ? 20 : 1000;
    auto streams = run_concurrently(clients * 4, [&](int i) {
        return post_stream(o.paced, "/api/chat", direct_body("llama3.2:3b", 100, i));
    });
    std::vector<double> total;
    int intact = 0;
    for (const auto& r : streams) {
        intact += r.ok && r.finals == 1 ? 1 : 0;
        total.push_back(r.total_s);
    }
    std::printf("| The arena side's upstream traffic read directly (%d x 100 tokens at 200/s, no "
                "arena): intact, request time p50 / max | %d, %.0f ms / %.0f ms | | | |\n",
                clients * 4, intact, percentile(total, 0.5) * 1e3, percentile(total, 1.0) * 1e3);
}

std::uint16_t port_arg(const char* v) {
    return static_cast<std::uint16_t>(std::atoi(v));
}

// GET /api/health once; true on 200.
net::awaitable<bool> healthy(std::uint16_t port) {
    auto ex = co_await net::this_coro::executor;
    tcp::socket socket(ex);
    auto [cec] = co_await socket.async_connect(
        tcp::endpoint(net::ip::make_address("127.0.0.1"), port), net::as_tuple(net::use_awaitable));
    if (cec)
        co_return false;
    http::request<http::empty_body> req{http::verb::get, "/api/health", 11};
    req.set(http::field::host, "127.0.0.1");
    co_await http::async_write(socket, req, net::use_awaitable);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> res;
    co_await http::async_read(socket, buffer, res, net::use_awaitable);
    co_return res.result_int() == 200;
}

// Start-up: process start -> first answered /api/health (200). Spawns `bin serve --port 0`
// with OLLAMA_HOST pointing at the fake, reads the port from its listening line.
int startup(const char* bin, std::uint16_t fake_port) {
    int fds[2];
    if (::pipe(fds) != 0)
        return 1;
    const auto start = clock_type::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(fds[1], 1);
        ::close(fds[0]);
        const std::string host = "127.0.0.1:" + std::to_string(fake_port);
        ::setenv("OLLAMA_HOST", host.c_str(), 1);
        ::execl(bin, bin, "serve", "--port", "0", "--log-level", "warn",
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(fds[1]);
    std::string out;
    char buf[256];
    std::uint16_t port = 0;
    while (port == 0) {
        const auto n = ::read(fds[0], buf, sizeof buf);
        if (n <= 0)
            return 1;
        out.append(buf, static_cast<std::size_t>(n));
        const auto at = out.find("listening on http://");
        const auto colon = at == std::string::npos ? at : out.find(':', at + 20);
        if (colon != std::string::npos && out.find(' ', colon) != std::string::npos) {
            port = port_arg(out.c_str() + colon + 1);
        }
    }
    net::io_context ioc(1);
    bool ok = false;
    while (!ok) {
        net::co_spawn(ioc, healthy(port), [&ok](std::exception_ptr e, bool r) { ok = !e && r; });
        ioc.restart();
        ioc.run();
    }
    const double ms = std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
    ::close(fds[0]);
    std::printf(
        "| Start-up: process start to first answered /api/health | | %.1f ms | | <= 100 ms |\n",
        ms);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::string_view(argv[1]) == "startup") {
        return startup(argv[2], port_arg(argv[3]));
    }
    options o;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        const char* next = i + 1 < argc ? argv[i + 1] : "0";
        if (a == "--arena")
            o.arena = port_arg(next), ++i;
        else if (a == "--arena-paced")
            o.arena_paced = port_arg(next), ++i;
        else if (a == "--fake")
            o.fake = port_arg(next), ++i;
        else if (a == "--paced-fake")
            o.paced = port_arg(next), ++i;
        else if (a == "--fast-fake")
            o.fast = port_arg(next), ++i;
        else if (a == "--only")
            only = next, ++i;
        else if (a == "--clients")
            o.clients = std::atoi(next), ++i;
        else if (a == "--quick")
            o.quick = true;
    }
    if (!o.arena || !o.arena_paced || !o.fake || !o.paced || !o.fast) {
        std::cerr << "usage: arena_load --arena P --arena-paced P --fake P --paced-fake P "
                     "--fast-fake P [--quick] [--only fanout|ttft|clients|shape] [--clients N]\n";
        return 2;
    }
    if (only == "shape") {
        upstream_shape(o); // a row for the table the other runs started
        return 0;
    }
    std::printf("| Measure | Direct | Through the arena | Ratio / added | Target "
                "|\n|---|---|---|---|---|\n");
    if (only.empty() || only == "fanout")
        fanout_throughput(o);
    if (only.empty() || only == "ttft")
        first_token(o);
    if (only.empty() || only == "clients")
        many_clients(o);
    return 0;
}
