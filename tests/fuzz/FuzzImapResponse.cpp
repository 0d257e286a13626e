// libFuzzer target: server bytes → ImapResponseReader (framing, literals) → parseImapResponse →
// FETCH summary (ENVELOPE, FLAGS, dates) and BODYSTRUCTURE part tree, as a sync consumes them.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "mime/BodyStructure.h"
#include "mime/Charset.h"
#include "model/Error.h"
#include "net/ImapBodyStructure.h"
#include "net/ImapFetchParser.h"
#include "net/ImapResponse.h"
#include "net/ImapResponseReader.h"

namespace {

// The end of the buffer stands for a closed connection (the real socket throws).
struct EndOfInput {};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace petrel;
    if (size == 0) return 0;
    // The first byte picks the read size, so literals and CRLFs straddle reads.
    const std::size_t chunk = (data[0] % 16) + 1;
    const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::size_t offset = 0;
    net::ImapResponseReader reader([&](char* buffer, std::size_t room) -> std::size_t {
        if (offset >= stream.size()) throw EndOfInput{};
        const std::size_t n = std::min({room, chunk, stream.size() - offset});
        std::memcpy(buffer, stream.data() + offset, n);
        offset += n;
        return n;
    });
    try {
        for (int responses = 0; responses < 64; ++responses) {
            const std::string line = reader.next();
            try {
                net::ImapResponse r = net::parseImapResponse(line);
                if (auto summary = net::summaryFromFetch(r)) {
                    if (summary->uid == 0) __builtin_trap();
                    // What the index stores and `petrel-cli --json` prints must be UTF-8.
                    for (const std::string* f : {&summary->subject, &summary->from, &summary->to, &summary->cc,
                                                 &summary->messageId, &summary->inReplyTo, &summary->references,
                                                 &summary->keywords, &summary->bodyStructure})
                        if (!mime::isValidUtf8(*f)) __builtin_trap();
                    for (const auto& part : mime::parseParts(summary->bodyStructure))
                        if (!mime::isValidUtf8(part.fileName) || !mime::isValidUtf8(part.mimeType)) __builtin_trap();
                }
                for (const auto& v : r.data) {
                    net::partsFromBodyStructure(v);
                    if (const auto* bs = v.get("BODYSTRUCTURE")) net::partsFromBodyStructure(*bs);
                    if (const auto* flags = v.get("FLAGS")) net::flagsFromList(*flags);
                }
            } catch (const model::Error&) {
                // Malformed responses are reported as protocol errors: the expected outcome.
            }
        }
    } catch (const EndOfInput&) {
    } catch (const model::Error&) {
    }
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    net::parseMessageDate(text);
    net::parseInternalDate(text);
    return 0;
}
