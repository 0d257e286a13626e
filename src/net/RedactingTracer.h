#pragma once
#include <memory>
#include <string>
#include <vmime/net/tracer.hpp>

#include "net/LineRedactor.h"
#include "net/TraceEvent.h"

namespace petrel::net {

class SecretScrubber;

// The vmime tracer of one connection: every command and reply line goes through a
// LineRedactor before it reaches the sink, so no password ever reaches a log.
class RedactingTracer : public vmime::net::tracer {
public:
    RedactingTracer(WireProtocol protocol, int connection, TraceSink sink,
                    std::shared_ptr<const SecretScrubber> scrubber);

    void traceSend(const vmime::string& line) override;
    void traceReceive(const vmime::string& line) override;
    void traceSendBytes(size_t count, const vmime::string& state) override;
    void traceReceiveBytes(size_t count, const vmime::string& state) override;

private:
    void emit(TraceDirection direction, std::string text);

    WireProtocol protocol_;
    int connection_;
    TraceSink sink_;
    LineRedactor redactor_;
};

}  // namespace petrel::net
