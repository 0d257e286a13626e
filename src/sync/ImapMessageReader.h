#pragma once
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"
#include "model/PartInfo.h"

namespace petrel::net {
class ImapSession;
}
namespace petrel::store {
class Db;
class PartCache;
}  // namespace petrel::store

namespace petrel::sync {

struct ImapShowResult {
    model::MessageSummary summary;
    std::string text;
    std::string textType;  // "text/plain", "text/html", empty when the message has no text part
    bool partial = false;
    std::uint64_t remainingBytes = 0;  // encoded bytes of the text part not downloaded
    std::vector<model::PartInfo> attachments;
};

// Opening messages with as few bytes as possible (DESIGN.md §1): the displayable text part only,
// capped, by section with BODY.PEEK (never \Seen unless markReadOnOpen); fetched bytes go to the
// PartCache, so a second open costs nothing. The session is obtained lazily: a cached open never
// connects at all.
class ImapMessageReader {
public:
    using SessionProvider = std::function<net::ImapSession&()>;
    ImapMessageReader(SessionProvider session, store::Db& db, store::PartCache& cache, model::AccountConfig account);

    ImapShowResult show(const model::FolderInfo& folder, std::uint32_t uid, std::uint32_t capBytes);
    // A part's encoded bytes [start, start+length) as stored on the server, written to `out`.
    std::uint64_t writeRange(const model::FolderInfo& folder, std::uint32_t uid, const std::string& section,
                             std::uint64_t start, std::uint64_t length, std::ostream& out);
    // The whole part, transfer-decoded, fetched in 1 MiB pieces and decoded as they arrive.
    std::uint64_t writeDecodedPart(const model::FolderInfo& folder, std::uint32_t uid, const std::string& section,
                                   std::ostream& out);
    // The whole message (BODY.PEEK[]), as the server sends it.
    std::uint64_t writeRaw(const model::FolderInfo& folder, std::uint32_t uid, std::ostream& out);

    // Encoded bytes of a FETCH of one section range (tests and the above).
    std::string fetchSection(const model::FolderInfo& folder, std::uint32_t uid, const std::string& section,
                             std::uint64_t start, std::uint64_t length);

private:
    model::MessageSummary summaryFor(const model::FolderInfo& folder, std::uint32_t uid);
    std::optional<model::PartInfo> partFor(const model::MessageSummary& m, const std::string& section);

    SessionProvider session_;
    store::Db& db_;
    store::PartCache& cache_;
    model::AccountConfig account_;
};

// Transfer decoding of a stream in pieces (base64 groups and quoted-printable lines that
// straddle a piece boundary are carried over).
class StreamingDecoder {
public:
    explicit StreamingDecoder(std::string encoding);
    std::string feed(std::string_view piece, bool last);

private:
    std::string encoding_;
    std::string carry_;
};

// Cuts a trailing incomplete UTF-8 sequence (text capped in the middle of a character).
std::string trimIncompleteUtf8(std::string text);

}  // namespace petrel::sync
