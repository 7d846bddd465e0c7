// Faults a real server cannot produce on demand, on 127.0.0.1 only, for the integration
// tests: `fault_server MODE PORT_FILE`. Writes the chosen port to PORT_FILE and serves until
// killed (at most 15 minutes, so a forgotten one goes away by itself).
//   tcp-silent    accept and never answer (a TLS handshake that never completes)
//   tcp-reset     read the ClientHello, then reset the connection (RST)
//   tcp-backlog   a listener whose accept queue is full: further SYNs are dropped
//   udp-servfail  a DNS server answering SERVFAIL to everything
//   udp-silent    a DNS server that never answers
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr auto k_lifetime = std::chrono::minutes(15);

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

void serve_tcp(int listener, bool reset, std::chrono::steady_clock::time_point start) {
  std::vector<int> held;
  while (!expired(start)) {
    pollfd p{listener, POLLIN, 0};
    if (::poll(&p, 1, 500) <= 0) continue;
    const int c = ::accept(listener, nullptr, nullptr);
    if (c < 0) continue;
    if (!reset) {
      held.push_back(c);  // never answered, closed only when the process ends
      continue;
    }
    std::array<char, 4096> buf{};
    pollfd cp{c, POLLIN, 0};
    if (::poll(&cp, 1, 5000) > 0) (void)::read(c, buf.data(), buf.size());
    linger l{1, 0};  // close with RST instead of FIN
    ::setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(c);
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
  if (mode == "tcp-silent" || mode == "tcp-reset") {
    serve_tcp(fd, mode == "tcp-reset", start);
  } else if (mode == "tcp-backlog") {
    fill_backlog(fd, port, start);
  } else if (udp) {
    serve_udp(fd, mode == "udp-servfail", start);
  } else {
    std::fprintf(stderr, "fault_server: unknown mode %s\n", mode.c_str());
    return 2;
  }
  return 0;
}
