#pragma once
#include <string>
#include <string_view>

namespace petrel::mime {

// Undoes a Content-Transfer-Encoding (base64, quoted-printable; 7bit/8bit/binary and unknown
// encodings pass through unchanged) with vmime's encoders. Damaged base64 decodes as far as it
// goes instead of failing.
std::string decodeTransferEncoding(std::string_view encoded, std::string_view encoding);

}  // namespace petrel::mime
