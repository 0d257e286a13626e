#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "net/WireProtocol.h"

namespace petrel::net {

class SecretScrubber;

// Protocol-aware password redaction for one connection's dialogue (vmime 0.9.2's tracer
// prints the IMAP LOGIN password in clear, DESIGN.md §4). Stateful: a SASL exchange spans
// several client lines, which are all hidden until the server's final answer.
//
//   IMAP  "a1 LOGIN user pass"            -> "a1 LOGIN user <redacted>"; literal continuation
//                                            lines hidden until the tagged reply
//         "a1 AUTHENTICATE PLAIN AGFs..." -> "a1 AUTHENTICATE PLAIN <redacted>"; client
//                                            continuation lines hidden until the tagged reply
//   POP3  "PASS x" / "APOP user digest" / "AUTH mech [ir]" (+ continuations until +OK/-ERR)
//   SMTP  "AUTH mech [ir]" (+ continuations while the server answers 334)
//
// Both directions then go through the SecretScrubber, if one is given.
class LineRedactor {
public:
    static constexpr const char* kMarker = "<redacted>";

    explicit LineRedactor(WireProtocol protocol, std::shared_ptr<const SecretScrubber> scrubber = nullptr);

    std::string clientLine(std::string_view line);
    std::string serverLine(std::string_view line);

private:
    std::string redactImap(std::string_view line);
    std::string redactPop3(std::string_view line);
    std::string redactSmtp(std::string_view line);
    std::string scrub(std::string_view line) const;

    WireProtocol protocol_;
    std::shared_ptr<const SecretScrubber> scrubber_;
    bool inExchange_ = false;  // hiding client lines until the server concludes the exchange
    std::string exchangeTag_;  // IMAP: the tag whose reply concludes it (empty: any tagged reply)
};

}  // namespace petrel::net
