#pragma once
#include <string>

namespace petrel::mime {

// The signature block: the RFC 3676 §4.3 separator line "-- " and the signature, '\n' line
// ends; empty when the signature is empty. A signature typed with its own separator line keeps
// only one.
std::string signatureBlock(const std::string& signature);

// `text`, a blank line and the signature block; `text` unchanged when the signature is empty or
// the text already ends with that block (a draft reopened, a body given twice).
std::string withSignature(const std::string& text, const std::string& signature);

}  // namespace petrel::mime
