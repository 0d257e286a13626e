// libFuzzer target: header decoding — RFC 2047 encoded-words, raw 8-bit and folded values,
// charset conversion with declared (possibly lying or unknown) charsets, RFC 2231 parameters,
// transfer encodings and IMAP modified UTF-7 names.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mime/BodyStructure.h"
#include "mime/Charset.h"
#include "mime/HeaderText.h"
#include "mime/ModifiedUtf7.h"
#include "mime/TransferEncoding.h"

namespace {

void requireUtf8(const std::string& s) {
    if (!petrel::mime::isValidUtf8(s)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace petrel::mime;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    requireUtf8(decodeHeaderText(input));

    // "charset\nbytes": the first line names the charset the rest claims to be in.
    const std::size_t nl = input.find('\n');
    const std::string_view charset = nl == std::string_view::npos ? std::string_view() : input.substr(0, nl);
    const std::string_view body = nl == std::string_view::npos ? input : input.substr(nl + 1);
    if (charset.size() <= 64) toUtf8(body, charset);

    decodeTransferEncoding(body, "base64");
    decodeTransferEncoding(body, "quoted-printable");

    // RFC 2231 pieces: split the body on ';' into name=value pairs.
    std::vector<std::pair<std::string, std::string>> params;
    std::size_t pos = 0;
    while (pos <= body.size() && params.size() < 16) {
        std::size_t semi = body.find(';', pos);
        if (semi == std::string_view::npos) semi = body.size();
        const std::string_view item = body.substr(pos, semi - pos);
        const std::size_t eq = item.find('=');
        if (eq != std::string_view::npos) params.emplace_back(item.substr(0, eq), item.substr(eq + 1));
        pos = semi + 1;
    }
    mimeParameter(params, "filename");

    const std::string utf8 = decodeModifiedUtf7(input);
    const std::string encoded = encodeModifiedUtf7(utf8);
    if (isValidUtf8(input)) {
        // A valid UTF-8 name survives the round trip through modified UTF-7.
        if (decodeModifiedUtf7(encodeModifiedUtf7(input)) != input) __builtin_trap();
    }
    (void)encoded;
    return 0;
}
