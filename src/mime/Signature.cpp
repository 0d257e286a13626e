#include "mime/Signature.h"

namespace petrel::mime {

namespace {

std::string normalisedLines(std::string s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            out += '\n';
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        } else {
            out += s[i];
        }
    }
    return out;
}

bool blankOnly(const std::string& s) { return s.find_first_not_of(" \t\n") == std::string::npos; }

}  // namespace

std::string signatureBlock(const std::string& signature) {
    std::string sig = normalisedLines(signature);
    // A pasted signature often carries its own separator ("--" or "-- ").
    if (sig.rfind("-- \n", 0) == 0) sig.erase(0, 4);
    else if (sig.rfind("--\n", 0) == 0) sig.erase(0, 3);
    while (!sig.empty() && (sig.back() == '\n' || sig.back() == ' ' || sig.back() == '\t')) sig.pop_back();
    if (blankOnly(sig)) return {};
    return "-- \n" + sig + "\n";
}

std::string withSignature(const std::string& text, const std::string& signature) {
    const std::string block = signatureBlock(signature);
    if (block.empty()) return text;
    std::string body = text;
    while (!body.empty() && body.back() == '\n') body.pop_back();
    if (body.size() >= block.size() - 1 && body.compare(body.size() - (block.size() - 1), block.size() - 1,
                                                        block, 0, block.size() - 1) == 0)
        return text;
    if (body.empty()) return "\n\n" + block;  // room to type above it
    return body + "\n\n" + block;
}

}  // namespace petrel::mime
