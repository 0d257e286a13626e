#include "net/WireProtocol.h"

namespace petrel::net {

const char* toString(WireProtocol p) noexcept {
    switch (p) {
        case WireProtocol::Imap:
            return "imap";
        case WireProtocol::Pop3:
            return "pop3";
        case WireProtocol::Smtp:
            return "smtp";
    }
    return "imap";
}

WireProtocol wireProtocolFor(model::Protocol protocol) noexcept {
    return protocol == model::Protocol::Pop3 ? WireProtocol::Pop3 : WireProtocol::Imap;
}

}  // namespace petrel::net
