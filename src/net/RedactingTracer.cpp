#include "net/RedactingTracer.h"

namespace petrel::net {

RedactingTracer::RedactingTracer(WireProtocol protocol, int connection, TraceSink sink,
                                 std::shared_ptr<const SecretScrubber> scrubber)
    : protocol_(protocol),
      connection_(connection),
      sink_(std::move(sink)),
      redactor_(protocol, std::move(scrubber)) {}

void RedactingTracer::emit(TraceDirection direction, std::string text) {
    if (!sink_) return;
    sink_(TraceEvent{toString(protocol_), connection_, direction, std::move(text)});
}

void RedactingTracer::traceSend(const vmime::string& line) {
    emit(TraceDirection::Sent, redactor_.clientLine(line));
}

void RedactingTracer::traceReceive(const vmime::string& line) {
    emit(TraceDirection::Received, redactor_.serverLine(line));
}

// Raw payloads (SASL responses, message literals) are traced by size only: their content is
// either secret or mail, and neither belongs in a protocol log.
void RedactingTracer::traceSendBytes(size_t count, const vmime::string& state) {
    emit(TraceDirection::Sent,
         "<" + std::to_string(count) + " bytes" + (state.empty() ? "" : ", " + state) + ">");
}

void RedactingTracer::traceReceiveBytes(size_t count, const vmime::string& state) {
    emit(TraceDirection::Received,
         "<" + std::to_string(count) + " bytes" + (state.empty() ? "" : ", " + state) + ">");
}

}  // namespace petrel::net
