#include "net/StallGuard.h"

#include <string>

#include "model/Error.h"

namespace petrel::net {

void StallGuard::arrived(std::size_t n) {
    if (n == 0 || window_.count() <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (!windowStart_) {
        windowStart_ = now;
        windowBytes_ = 0;
    }
    windowBytes_ += n;
    if (now - *windowStart_ < window_) return;
    if (windowBytes_ < kMinBytesPerWindow) {
        throw model::Error(model::ErrorKind::Network,
                           "The server is sending its reply too slowly (" + std::to_string(windowBytes_) + " bytes in " +
                               std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now - *windowStart_).count()) +
                               " s)");
    }
    windowStart_ = now;
    windowBytes_ = 0;
}

}  // namespace petrel::net
