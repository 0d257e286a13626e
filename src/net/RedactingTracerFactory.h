#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vmime/net/tracer.hpp>

#include "net/TraceEvent.h"
#include "net/WireProtocol.h"

namespace petrel::net {

class SecretScrubber;

// Installed with service->setTracerFactory: each connection vmime opens gets its own
// RedactingTracer (redaction state is per connection), all writing to one sink and sharing one
// SecretScrubber, to which the authenticator adds the password when it hands it to vmime.
class RedactingTracerFactory : public vmime::net::tracerFactory {
public:
    // protocol: nullopt = taken from the service ("imaps" -> Imap, "smtps" -> Smtp, ...).
    explicit RedactingTracerFactory(TraceSink sink, std::optional<WireProtocol> protocol = std::nullopt);

    vmime::shared_ptr<vmime::net::tracer> create(vmime::shared_ptr<vmime::net::service> serv,
                                                 int connectionId) override;

    void addSecret(std::string secret);
    const std::shared_ptr<SecretScrubber>& scrubber() const noexcept { return scrubber_; }

private:
    TraceSink sink_;
    std::optional<WireProtocol> protocol_;
    std::shared_ptr<SecretScrubber> scrubber_;
};

}  // namespace petrel::net
