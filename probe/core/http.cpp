#include "core/http.hpp"

#include <algorithm>

namespace probe::core {

std::string HttpRequest::key() const {
  std::string out;
  out.reserve(method.size() + url.size() + accept.size() + body.size() + 3);
  out += method;
  out += '\n';
  out += url;
  out += '\n';
  out += accept;
  out += '\n';
  out += body;
  return out;
}

HttpResponse unfinished_response(const HttpRequest& request, std::string detail) {
  HttpResponse response;
  response.outcome.attempted = true;
  response.outcome.tcp = TcpStatus::timeout;
  response.outcome.detail = std::move(detail);
  response.final_url = request.url;
  return response;
}

std::vector<HttpResponse> fetch_all(HttpClient& client, const std::vector<HttpRequest>& requests,
                                    Millis budget, const Clock& clock) {
  std::vector<HttpResponse> out(requests.size());
  std::vector<bool> done(requests.size(), false);
  std::size_t open = requests.size();
  for (std::size_t i = 0; i < requests.size(); ++i) {
    client.start(requests[i], [&out, &done, &open, i](HttpResponse response) {
      out[i] = std::move(response);
      done[i] = true;
      --open;
    });
  }
  const auto end = clock.steady_now() + budget;
  // Bounded: each step waits at most 200 ms and the loop ends at `end`.
  while (open > 0) {
    const auto now = clock.steady_now();
    if (now >= end) break;
    client.loop().step(
        std::min(std::chrono::duration_cast<Millis>(end - now) + Millis{1}, Millis{200}));
  }
  if (open > 0) client.loop().cancel_all();
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (!done[i]) out[i] = unfinished_response(requests[i], "no answer within the time budget");
  }
  return out;
}

}  // namespace probe::core
