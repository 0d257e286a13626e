#include "model/AccountConfig.h"

namespace petrel::model {

std::uint16_t defaultPort(Protocol protocol, Security security) {
    if (protocol == Protocol::Imap) return security == Security::Tls ? 993 : 143;
    return security == Security::Tls ? 995 : 110;
}

std::uint16_t defaultSmtpPort(Security security) {
    // RFC 8314: implicit TLS on 465; 587 is submission with STARTTLS.
    return security == Security::Tls ? 465 : 587;
}

std::string toString(Protocol p) { return p == Protocol::Imap ? "imap" : "pop3"; }

std::string toString(Security s) {
    switch (s) {
    case Security::Tls: return "tls";
    case Security::StartTls: return "starttls";
    case Security::Plain: return "plain";
    }
    return "tls";
}

std::string toString(Pop3Mode m) { return m == Pop3Mode::Keep ? "keep" : "delete"; }

std::optional<Protocol> protocolFromString(const std::string& s) {
    if (s == "imap") return Protocol::Imap;
    if (s == "pop3") return Protocol::Pop3;
    return std::nullopt;
}

std::optional<Security> securityFromString(const std::string& s) {
    if (s == "tls") return Security::Tls;
    if (s == "starttls") return Security::StartTls;
    if (s == "plain") return Security::Plain;
    return std::nullopt;
}

std::optional<Pop3Mode> pop3ModeFromString(const std::string& s) {
    if (s == "keep") return Pop3Mode::Keep;
    if (s == "delete") return Pop3Mode::Delete;
    return std::nullopt;
}

}  // namespace petrel::model
