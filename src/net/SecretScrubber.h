#pragma once
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace petrel::net {

// Second line of defence for traces: whatever the protocol-aware redaction missed, a known
// secret (the password as the authenticator handed it out) never leaves verbatim. Secrets are
// registered when they are fetched, i.e. before any command carrying them is sent.
// Thread-safe.
class SecretScrubber {
public:
    static constexpr const char* kMarker = "<redacted>";
    // Shorter secrets are not scrubbed verbatim: replacing every "ab" in a log would make it
    // useless; the protocol-aware rules still redact them where they are sent.
    static constexpr std::size_t kMinLength = 3;

    void add(std::string secret);
    std::string scrub(std::string_view text) const;

private:
    mutable std::mutex mutex_;
    std::vector<std::string> secrets_;
};

}  // namespace petrel::net
