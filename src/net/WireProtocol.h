#pragma once

#include "model/AccountConfig.h"

namespace petrel::net {

// The mail protocols spoken over a connection. Needed below the account level because the
// STARTTLS dialogue and password redaction differ per protocol, and SMTP is not a
// model::Protocol (that enum names the incoming protocol of an account).
enum class WireProtocol { Imap, Pop3, Smtp };

const char* toString(WireProtocol p) noexcept;
WireProtocol wireProtocolFor(model::Protocol protocol) noexcept;

}  // namespace petrel::net
