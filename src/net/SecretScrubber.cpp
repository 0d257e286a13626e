#include "net/SecretScrubber.h"

#include <algorithm>

namespace petrel::net {

void SecretScrubber::add(std::string secret) {
    if (secret.size() < kMinLength) return;
    std::lock_guard lock(mutex_);
    if (std::find(secrets_.begin(), secrets_.end(), secret) == secrets_.end())
        secrets_.push_back(std::move(secret));
}

std::string SecretScrubber::scrub(std::string_view text) const {
    std::string out(text);
    std::lock_guard lock(mutex_);
    for (const auto& s : secrets_) {
        for (std::size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos)) {
            out.replace(pos, s.size(), kMarker);
            pos += std::char_traits<char>::length(kMarker);
        }
    }
    return out;
}

}  // namespace petrel::net
