#include "http/json_log.hpp"

#include "faltlogg/core/time.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <mutex>

namespace faltlogg::server {

void log_event(std::string_view level, std::string_view event, boost::json::object fields) {
  boost::json::object line;
  line["ts"] = core::format_rfc3339(core::now_millis());
  line["level"] = level;
  line["event"] = event;
  for (auto& field : fields) line[field.key()] = std::move(field.value());
  const std::string text = boost::json::serialize(line) + "\n";
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace faltlogg::server
