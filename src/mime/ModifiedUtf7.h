#pragma once
#include <string>
#include <string_view>

namespace petrel::mime {

// IMAP mailbox names (RFC 3501 §5.1.3): UTF-8 ↔ modified UTF-7 ("Entwürfe" ↔ "Entw&APw-rfe").
std::string encodeModifiedUtf7(std::string_view utf8);
// Invalid input is returned unchanged rather than failing (a server may send raw UTF-8).
std::string decodeModifiedUtf7(std::string_view mutf7);

}  // namespace petrel::mime
