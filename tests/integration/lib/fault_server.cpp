// Faults a real server cannot produce on demand, on 127.0.0.1 only, for the integration
// tests: `fault_server MODE PORT_FILE`. Writes the chosen port to PORT_FILE and serves until
// killed (at most 15 minutes, so a forgotten one goes away by itself).
//   tcp-silent    accept and never answer (a TLS handshake that never completes)
//   tcp-reset     read the ClientHello, then reset the connection (RST)
//   tls-alert     read the ClientHello, answer a fatal access_denied alert (what a filtering
//                 middlebox sends), then close
//   tcp-backlog   a listener whose accept queue is full: further SYNs are dropped
//   udp-servfail  a DNS server answering SERVFAIL to everything
//   udp-silent    a DNS server that never answers
//   http-drip     read an HTTP request, answer 200 with a 1 MB Content-Length, then drip the
//                 body one byte a second
//   tls-drip      read the ClientHello, then drip a ServerHello record one byte a second
//   http-hostile  an HTTP server whose answer the request path chooses (a CONNECT gets the
//                 hostile 403): /endless-headers (a header line every 10 ms forever),
//                 /endless-line (one header line that never ends), /short-body (says 100,
//                 sends 10, closes), /long-body (says 10, sends 1 MB), /gib (a 1 GiB CRL
//                 with its length), /gib-close (1 GiB, no length), /loop (redirects to
//                 itself), /to-https, /to-file (file:///etc/passwd), /to-port/N/REST
//                 (http://127.0.0.1:N/REST), /hostile (403 with ANSI/OSC escapes,
//                 <script>, quotes, CR and invalid UTF-8 in Server, Via and the body)
//   udp-hostile   a DNS server whose answer the first label of the name chooses: many
//                 (500 A records), manytc (the same with TC set), tc (TC set, no records,
//                 nothing on TCP), badlen (counts more records than it holds), short (6
//                 bytes), rdlen (an RDLENGTH past the end), loop (a compression pointer to
//                 itself), loop2 (two pointers to each other); anything else NXDOMAIN
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace {

// A bound on an orphaned server's life, not on a test: the suites' cleanup stops it. It must
// outlast the slowest whole CTest run (an ASan run on a loaded 2-core machine took over 15
// minutes from the fixtures' start to their last test, and the late tests then met no server).
constexpr auto k_lifetime = std::chrono::minutes(90);

int bound_socket(int type, int backlog) {
  const int fd = ::socket(AF_INET, type, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
  if (type == SOCK_STREAM && ::listen(fd, backlog) != 0) return -1;
  return fd;
}

int port_of(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return ntohs(addr.sin_port);
}

bool expired(std::chrono::steady_clock::time_point start) {
  return std::chrono::steady_clock::now() - start > k_lifetime;
}

enum class TcpFault { silent, reset, alert };

void serve_tcp(int listener, TcpFault fault, std::chrono::steady_clock::time_point start) {
  std::vector<int> held;
  while (!expired(start)) {
    pollfd p{listener, POLLIN, 0};
    if (::poll(&p, 1, 500) <= 0) continue;
    const int c = ::accept(listener, nullptr, nullptr);
    if (c < 0) continue;
    if (fault == TcpFault::silent) {
      held.push_back(c);  // never answered, closed only when the process ends
      continue;
    }
    std::array<char, 4096> buf{};
    pollfd cp{c, POLLIN, 0};
    if (::poll(&cp, 1, 5000) > 0) (void)::read(c, buf.data(), buf.size());
    if (fault == TcpFault::alert) {
      // An alert record (RFC 8446 5.1, 6): TLS 1.0 record version, fatal (2), access_denied (49).
      constexpr std::array<unsigned char, 7> k_alert{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x31};
      (void)::write(c, k_alert.data(), k_alert.size());
      ::shutdown(c, SHUT_WR);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      ::close(c);
      continue;
    }
    linger l{1, 0};  // close with RST instead of FIN
    ::setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(c);
  }
}

void serve_drip(int listener, const std::string& head, char drip,
                std::chrono::steady_clock::time_point start) {
  std::vector<int> clients;
  auto last_drip = std::chrono::steady_clock::now();
  while (!expired(start)) {
    pollfd p{listener, POLLIN, 0};
    if (::poll(&p, 1, 200) > 0) {
      const int c = ::accept(listener, nullptr, nullptr);
      if (c >= 0) {
        std::array<char, 4096> buf{};
        pollfd cp{c, POLLIN, 0};
        if (::poll(&cp, 1, 2000) > 0) (void)::read(c, buf.data(), buf.size());
        (void)::send(c, head.data(), head.size(), MSG_NOSIGNAL);
        clients.push_back(c);
      }
    }
    if (std::chrono::steady_clock::now() - last_drip >= std::chrono::seconds(1)) {
      last_drip = std::chrono::steady_clock::now();
      for (auto it = clients.begin(); it != clients.end();) {
        if (::send(*it, &drip, 1, MSG_NOSIGNAL) != 1) {
          ::close(*it);
          it = clients.erase(it);
        } else {
          ++it;
        }
      }
    }
  }
}

void fill_backlog(int listener, int port, std::chrono::steady_clock::time_point start) {
  // With backlog 0 Linux queues one connection; a few extra connects fill the accept queue
  // and the SYN queue's admission, after which the kernel drops new SYNs.
  std::vector<int> fillers;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  for (int i = 0; i < 4; ++i) {
    const int c = ::socket(AF_INET, SOCK_STREAM, 0);
    ::fcntl(c, F_SETFL, O_NONBLOCK);
    (void)::connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    fillers.push_back(c);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  (void)listener;
  while (!expired(start)) std::this_thread::sleep_for(std::chrono::milliseconds(500));
}

void serve_udp(int fd, bool answer, std::chrono::steady_clock::time_point start) {
  while (!expired(start)) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 500) <= 0) continue;
    std::array<unsigned char, 1500> buf{};
    sockaddr_in from{};
    socklen_t len = sizeof from;
    const auto n =
        ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 12 || !answer) continue;
    buf[2] = static_cast<unsigned char>(0x80 | (buf[2] & 0x01));  // QR, keep RD
    buf[3] = 0x82;                                                // RA, rcode 2 SERVFAIL
    buf[6] = buf[7] = buf[8] = buf[9] = buf[10] = buf[11] = 0;    // no records, question kept
    (void)::sendto(fd, buf.data(), static_cast<size_t>(n), 0, reinterpret_cast<sockaddr*>(&from),
                   len);
  }
}

// Everything a terminal, an HTML page or a JSON reader must not get raw: ANSI colour, OSC
// title and hyperlink sequences (ESC and BEL), markup, quotes, a bare CR, DEL, and invalid
// UTF-8 (a lone 0xff, a truncated sequence, an overlong NUL).
constexpr std::string_view k_hostile =
    "\x1b[31;1mRED\x1b[0m \x1b]0;pwned\x07 \x1b]8;;http://evil.test/\x1b\\link\x1b]8;;\x1b\\ "
    "<script>alert(\"x\")</script> 'sq' \"dq\" &amp; \r\x7f\x01 \xff\xfe \xc3\x28 \xc0\x80 end";

// One client of http-hostile: what arrived, what is still to send, and how it goes on.
struct HttpClient {
  enum class Then { close, headers, line, stream };
  int fd = -1;
  std::string in;
  bool answered = false;
  std::string out;                // bytes still to send
  Then then = Then::close;        // once `out` is sent
  std::uint64_t stream_left = 0;  // Then::stream: body bytes still to send
  int header_n = 0;               // Then::headers: lines sent
  std::chrono::steady_clock::time_point next{};
  std::chrono::steady_clock::time_point closing{};  // when set: draining until EOF
};

std::string redirect(std::string_view location) {
  return "HTTP/1.1 302 Found\r\nLocation: " + std::string(location) +
         "\r\nContent-Length: 0\r\n\r\n";
}

// The answer to one request line ("METHOD TARGET HTTP/1.1").
void answer(HttpClient& c, std::string_view request_line, int own_port) {
  const auto sp = request_line.find(' ');
  const auto method = request_line.substr(0, sp);
  auto target = sp == std::string_view::npos ? std::string_view{} : request_line.substr(sp + 1);
  target = target.substr(0, target.find(' '));
  if (const auto scheme = target.find("://"); scheme != std::string_view::npos) {
    target = target.substr(scheme + 3);  // a proxy request's absolute URI
    target = target.substr(std::min(target.find('/'), target.size()));
  }
  const auto is = [&](std::string_view p) {
    return target == p || target.starts_with(std::string(p) + "/") ||
           target.starts_with(std::string(p) + ".");
  };
  c.answered = true;
  c.then = HttpClient::Then::close;
  if (method == "CONNECT" || is("/hostile")) {
    const std::string body = "<html><head><title>" + std::string(k_hostile) +
                             "</title></head><body><script>alert(1)</script>" +
                             std::string(k_hostile) + "</body></html>\n";
    c.out = "HTTP/1.1 403 Forbidden\r\nServer: " + std::string(k_hostile) + "\r\nVia: 1.1 " +
            std::string(k_hostile) +
            "\r\nContent-Type: text/html; charset=\"<script>\x1b]0;t\x07\"\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  } else if (is("/endless-headers")) {
    c.out = "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\n";
    c.then = HttpClient::Then::headers;
  } else if (is("/endless-line")) {
    c.out = "HTTP/1.1 200 OK\r\nX-Endless: ";
    c.then = HttpClient::Then::line;
  } else if (is("/short-body")) {
    c.out =
        "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: 100\r\n"
        "Connection: close\r\n\r\n0123456789";
  } else if (is("/long-body")) {
    c.out = "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: 10\r\n\r\n";
    c.then = HttpClient::Then::stream;
    c.stream_left = 1000000;
  } else if (is("/gib") || is("/gib-close")) {
    c.out = "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\n";
    c.out += is("/gib") ? "Content-Length: 1073741824\r\n\r\n" : "Connection: close\r\n\r\n";
    c.then = HttpClient::Then::stream;
    c.stream_left = 1ULL << 30;
  } else if (is("/loop")) {
    c.out = redirect(target);
  } else if (is("/to-https")) {
    c.out = redirect("https://127.0.0.1:" + std::to_string(own_port) + "/hostile.crl");
  } else if (is("/to-file")) {
    c.out = redirect("file:///etc/passwd");
  } else if (is("/to-port")) {
    const auto rest = target.substr(std::min(target.size(), std::string_view("/to-port/").size()));
    const auto slash = std::min(rest.find('/'), rest.size());
    c.out = redirect("http://127.0.0.1:" + std::string(rest.substr(0, slash)) +
                     std::string(rest.substr(slash)));
  } else {
    c.out = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
  }
}

// Sends what it can without blocking; false once the client is gone.
bool send_some(HttpClient& c) {
  static const std::string k_chunk(64 * 1024, '0');
  const auto now = std::chrono::steady_clock::now();
  std::size_t budget = 1 << 20;  // per call, so that one fast reader does not starve the rest
  while (budget > 0) {
    if (!c.out.empty()) {
      const auto n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
      c.out.erase(0, static_cast<std::size_t>(n));
      budget -= std::min(budget, static_cast<std::size_t>(n));
      continue;
    }
    switch (c.then) {
      case HttpClient::Then::close:
        if (c.closing == std::chrono::steady_clock::time_point{}) {
          ::shutdown(c.fd, SHUT_WR);
          c.closing = now;
        }
        return true;
      case HttpClient::Then::headers:
        if (now < c.next) return true;
        c.next = now + std::chrono::milliseconds(10);
        c.out = "X-Header-" + std::to_string(c.header_n++) + ": more\r\n";
        continue;
      case HttpClient::Then::line:
        c.out = k_chunk;
        continue;
      case HttpClient::Then::stream:
        if (c.stream_left == 0) {
          c.then = HttpClient::Then::close;
          continue;
        }
        c.out = k_chunk.substr(
            0, static_cast<std::size_t>(std::min<std::uint64_t>(c.stream_left, k_chunk.size())));
        c.stream_left -= c.out.size();
        continue;
    }
  }
  return true;
}

void serve_http_hostile(int listener, int own_port, std::chrono::steady_clock::time_point start) {
  std::vector<HttpClient> clients;
  while (!expired(start)) {
    std::vector<pollfd> fds{{listener, POLLIN, 0}};
    for (const auto& c : clients) {
      const bool writing = c.answered && (!c.out.empty() || c.then == HttpClient::Then::line ||
                                          c.then == HttpClient::Then::stream);
      fds.push_back({c.fd, static_cast<short>(POLLIN | (writing ? POLLOUT : 0)), 0});
    }
    (void)::poll(fds.data(), fds.size(), 10);
    if ((fds[0].revents & POLLIN) != 0) {
      const int fd = ::accept(listener, nullptr, nullptr);
      if (fd >= 0) {
        HttpClient c;
        c.fd = fd;
        clients.push_back(std::move(c));
      }
    }
    const auto now = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < clients.size(); ++i) {
      auto& c = clients[i];
      bool alive = true;
      if ((fds.size() > i + 1 && (fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) != 0)) {
        std::array<char, 4096> buf{};
        const auto n = ::recv(c.fd, buf.data(), buf.size(), MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN)) alive = false;
        if (n > 0 && !c.answered && c.in.size() < 65536)
          c.in.append(buf.data(), static_cast<std::size_t>(n));
      }
      if (alive && !c.answered && c.in.find("\r\n\r\n") != std::string::npos) {
        answer(c, std::string_view(c.in).substr(0, c.in.find("\r\n")), own_port);
      }
      if (alive && c.answered) alive = send_some(c);
      if (c.closing != std::chrono::steady_clock::time_point{} &&
          now - c.closing > std::chrono::seconds(2)) {
        alive = false;
      }
      if (!alive) {
        ::close(c.fd);
        clients.erase(clients.begin() + static_cast<std::ptrdiff_t>(i));
        fds.erase(fds.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        --i;
      }
    }
  }
}

void put16(std::string& out, unsigned v) {
  out += static_cast<char>((v >> 8) & 0xff);
  out += static_cast<char>(v & 0xff);
}

// The answer to one DNS query (RFC 1035 4.1), or nothing when the query is not one.
std::string dns_answer(std::string_view q) {
  if (q.size() < 12) return {};
  std::size_t end = 12;  // past the question's name
  while (end < q.size() && q[end] != 0) end += 1U + static_cast<unsigned char>(q[end]);
  if (end + 5 > q.size()) return {};
  const std::string label(q.substr(13, static_cast<unsigned char>(q[12])));
  const unsigned qtype = (static_cast<unsigned>(static_cast<unsigned char>(q[end + 1])) << 8U) |
                         static_cast<unsigned>(static_cast<unsigned char>(q[end + 2]));
  std::string out(q.substr(0, 2));                 // the query's id
  out += static_cast<char>(0x80 | (q[2] & 0x01));  // QR, RD kept
  out += static_cast<char>(0x80);                  // RA, rcode 0
  out += std::string("\x00\x01", 2);               // one question
  const std::string question(q.substr(12, end + 5 - 12));
  const auto rr_a = [](unsigned name_ptr, unsigned a, unsigned b) {
    std::string rr;
    put16(rr, 0xc000 | name_ptr);
    rr += std::string("\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\x7f", 11);  // A IN TTL 60
    rr += static_cast<char>(a);
    rr += static_cast<char>(b);
    rr += '\x01';
    return rr;
  };
  if (label == "short") return out.substr(0, 7);
  std::string records;
  unsigned count = 0;
  if (label == "many" || label == "manytc") {
    if (label == "manytc") out[2] = static_cast<char>(out[2] | 0x02);
    if (qtype == 1) {
      records += rr_a(12, 0, 0);  // 127.0.0.1 first: the one probed
      for (count = 1; count < 500; ++count) records += rr_a(12, 1 + count / 250, count % 250);
    }
  } else if (label == "tc") {
    out[2] = static_cast<char>(out[2] | 0x02);
  } else if (label == "badlen") {
    records = rr_a(12, 0, 0).substr(0, 13);  // cut inside its address
    count = 3;
  } else if (label == "rdlen") {
    records = rr_a(12, 0, 0);
    records[10] = '\xff';
    records[11] = '\xff';
    count = 1;
  } else if (label == "loop" || label == "loop2") {
    const unsigned at = static_cast<unsigned>(12 + question.size());
    records = rr_a(label == "loop" ? at : at + 2, 0, 0);  // loop: the name points at itself
    if (label == "loop2") {
      records = std::string("\xc0\x00", 2) + records;  // a pointer to the pointer after it
      records[1] = static_cast<char>(at + 2);
      records[3] = static_cast<char>(at);  // ... which points back
    }
    count = 1;
  } else {
    out[3] = static_cast<char>(0x83);  // NXDOMAIN
  }
  put16(out, count);
  out += std::string("\x00\x00\x00\x00", 4);
  return out + question + records;
}

void serve_udp_hostile(int fd, std::chrono::steady_clock::time_point start) {
  while (!expired(start)) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 500) <= 0) continue;
    std::array<char, 1500> buf{};
    sockaddr_in from{};
    socklen_t len = sizeof from;
    const auto n =
        ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n <= 0) continue;
    const auto reply = dns_answer(std::string_view(buf.data(), static_cast<std::size_t>(n)));
    if (reply.empty()) continue;
    (void)::sendto(fd, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fault_server MODE PORT_FILE\n");
    return 2;
  }
  const std::string mode = argv[1];
  const auto start = std::chrono::steady_clock::now();
  const bool udp = mode.rfind("udp-", 0) == 0;
  const int fd = bound_socket(udp ? SOCK_DGRAM : SOCK_STREAM, mode == "tcp-backlog" ? 0 : 64);
  if (fd < 0) {
    std::perror("fault_server: socket");
    return 1;
  }
  const int port = port_of(fd);
  {
    std::ofstream out(std::string(argv[2]) + ".tmp");
    out << port << "\n";
  }
  std::rename((std::string(argv[2]) + ".tmp").c_str(), argv[2]);
  if (mode == "tcp-silent" || mode == "tcp-reset" || mode == "tls-alert") {
    serve_tcp(fd,
              mode == "tcp-silent"  ? TcpFault::silent
              : mode == "tcp-reset" ? TcpFault::reset
                                    : TcpFault::alert,
              start);
  } else if (mode == "http-drip") {
    serve_drip(fd,
               "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\n"
               "Content-Length: 1000000\r\n\r\n",
               '0', start);
  } else if (mode == "tls-drip") {
    // A handshake record of 16 KiB holding a ServerHello, then its body a byte a second.
    serve_drip(fd, std::string("\x16\x03\x03\x40\x00\x02\x00\x3f\xfc\x03\x03", 11), '\x01', start);
  } else if (mode == "http-hostile") {
    serve_http_hostile(fd, port, start);
  } else if (mode == "udp-hostile") {
    serve_udp_hostile(fd, start);
  } else if (mode == "tcp-backlog") {
    fill_backlog(fd, port, start);
  } else if (mode == "udp-servfail" || mode == "udp-silent") {
    serve_udp(fd, mode == "udp-servfail", start);
  } else {
    std::fprintf(stderr, "fault_server: unknown mode %s\n", mode.c_str());
    return 2;
  }
  return 0;
}
