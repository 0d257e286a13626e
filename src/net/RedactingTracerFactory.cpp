#include "net/RedactingTracerFactory.h"

#include <vmime/net/service.hpp>

#include "net/RedactingTracer.h"
#include "net/SecretScrubber.h"

namespace petrel::net {

RedactingTracerFactory::RedactingTracerFactory(TraceSink sink, std::optional<WireProtocol> protocol)
    : sink_(std::move(sink)), protocol_(protocol), scrubber_(std::make_shared<SecretScrubber>()) {}

vmime::shared_ptr<vmime::net::tracer> RedactingTracerFactory::create(
    vmime::shared_ptr<vmime::net::service> serv, int connectionId) {
    WireProtocol protocol = WireProtocol::Imap;
    if (protocol_) {
        protocol = *protocol_;
    } else if (serv) {
        const std::string name = serv->getProtocolName();
        if (name.rfind("pop3", 0) == 0)
            protocol = WireProtocol::Pop3;
        else if (name.rfind("smtp", 0) == 0)
            protocol = WireProtocol::Smtp;
    }
    return std::make_shared<RedactingTracer>(protocol, connectionId, sink_, scrubber_);
}

void RedactingTracerFactory::addSecret(std::string secret) {
    scrubber_->add(std::move(secret));
}

}  // namespace petrel::net
