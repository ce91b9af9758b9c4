// api: wall-clock formatting.
#include "api/clock.hpp"

#include <cstdio>

namespace ollama_arena::api {

std::string utc_time(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto at = floor<milliseconds>(t);
    const auto day = floor<days>(at);
    const year_month_day ymd{day};
    const hh_mm_ss hms{at - day};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02lld.%03lldZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                  static_cast<long>(hms.minutes().count()),
                  static_cast<long long>(hms.seconds().count()),
                  static_cast<long long>(hms.subseconds().count()));
    return buf;
}

std::string utc_time_ms(std::int64_t ms_since_epoch) {
    return utc_time(
        std::chrono::system_clock::time_point(std::chrono::milliseconds(ms_since_epoch)));
}

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace ollama_arena::api
