#include "sync/ImapMessageReader.h"

#include <algorithm>
#include <ostream>

#include "mime/BodyStructure.h"
#include "mime/Charset.h"
#include "mime/TransferEncoding.h"
#include "model/Error.h"
#include "net/ImapFetchParser.h"
#include "net/ImapSession.h"
#include "store/MessageIndex.h"
#include "store/PartCache.h"

namespace petrel::sync {

using model::Error;
using model::ErrorKind;

namespace {

constexpr std::uint64_t kPiece = 1024 * 1024;
constexpr const char* kHeaderItems =
    "(UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (REFERENCES)])";

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The BODY[...] item of a FETCH response.
const net::ImapValue* bodyItem(const net::ImapResponse& r) {
    if (r.name != "FETCH" || r.data.empty()) return nullptr;
    const auto& d = r.data[0];
    for (std::size_t i = 0; i + 1 < d.items.size(); i += 2) {
        const std::string& key = d.items[i].str();
        if (key.size() >= 5 && net::equalsIgnoreCase(key.substr(0, 5), "BODY[")) return &d.items[i + 1];
    }
    return nullptr;
}

}  // namespace

std::string trimIncompleteUtf8(std::string text) {
    std::size_t i = text.size();
    std::size_t back = 0;
    while (i > 0 && back < 4 && (static_cast<unsigned char>(text[i - 1]) & 0xC0) == 0x80) {
        --i;
        ++back;
    }
    if (i == 0) return text;
    const auto lead = static_cast<unsigned char>(text[i - 1]);
    std::size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (need > 1 && back + 1 < need) text.resize(i - 1);
    return text;
}

StreamingDecoder::StreamingDecoder(std::string encoding) : encoding_(lower(std::move(encoding))) {}

std::string StreamingDecoder::feed(std::string_view piece, bool last) {
    if (encoding_ == "base64") {
        for (char c : piece)
            if (c != '\r' && c != '\n' && c != ' ' && c != '\t') carry_.push_back(c);
        const std::size_t usable = last ? carry_.size() : carry_.size() / 4 * 4;
        std::string out = mime::decodeTransferEncoding(std::string_view(carry_).substr(0, usable), encoding_);
        carry_.erase(0, usable);
        return out;
    }
    if (encoding_ == "quoted-printable") {
        carry_.append(piece);
        std::size_t usable = carry_.size();
        if (!last) {
            // Hold back an escape ("=", "=X") or soft line break ("=\r") cut at the piece end.
            const auto eq = carry_.rfind('=');
            if (eq != std::string::npos && eq + 3 > carry_.size()) usable = eq;
        }
        std::string out = mime::decodeTransferEncoding(std::string_view(carry_).substr(0, usable), encoding_);
        carry_.erase(0, usable);
        return out;
    }
    return std::string(piece);
}

ImapMessageReader::ImapMessageReader(SessionProvider session, store::Db& db, store::PartCache& cache,
                                     model::AccountConfig account)
    : session_(std::move(session)), db_(db), cache_(cache), account_(std::move(account)) {}

model::MessageSummary ImapMessageReader::summaryFor(const model::FolderInfo& folder, std::uint32_t uid) {
    store::MessageIndex index(db_);
    if (auto m = index.find(folder.id, uid)) return *m;
    // Not synced yet: fetch this one message's headers (the index keeps them).
    auto& s = session_();
    s.select(folder.path, true);
    std::vector<model::MessageSummary> got;
    s.execute(net::ImapCommand("UID FETCH").add(std::to_string(uid)).add(kHeaderItems), [&](const net::ImapResponse& r) {
        if (auto m = net::summaryFromFetch(r); m && m->uid == uid) {
            m->folderId = folder.id;
            got.push_back(std::move(*m));
        }
    });
    if (got.empty())
        throw Error(ErrorKind::NotFound, "The folder '" + folder.path + "' has no message with UID " + std::to_string(uid));
    index.upsertBatch(got);
    return *index.find(folder.id, uid);
}

std::optional<model::PartInfo> ImapMessageReader::partFor(const model::MessageSummary& m, const std::string& section) {
    for (const auto& p : mime::parseParts(m.bodyStructure))
        if (p.section == section) return p;
    return std::nullopt;
}

std::string ImapMessageReader::fetchSection(const model::FolderInfo& folder, std::uint32_t uid,
                                            const std::string& section, std::uint64_t start, std::uint64_t length) {
    for (char c : section)
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.'))
            throw Error(ErrorKind::Usage, "A section is numbers and dots, like 2 or 1.2, not '" + section + "'");
    auto& s = session_();
    s.select(folder.path, true);
    std::string bytes;
    bool seen = false;
    s.execute(net::ImapCommand("UID FETCH")
                  .add(std::to_string(uid))
                  .add("(UID BODY.PEEK[" + section + "]<" + std::to_string(start) + "." + std::to_string(length) + ">)"),
              [&](const net::ImapResponse& r) {
                  const auto* uidItem = r.name == "FETCH" && !r.data.empty() ? r.data[0].get("UID") : nullptr;
                  if (!uidItem || uidItem->number() != uid) return;
                  if (const auto* b = bodyItem(r)) {
                      bytes = b->str();
                      seen = true;
                  }
              });
    if (!seen)
        throw Error(ErrorKind::NotFound, "The folder '" + folder.path + "' has no message with UID " + std::to_string(uid));
    return bytes;
}

ImapShowResult ImapMessageReader::show(const model::FolderInfo& folder, std::uint32_t uid, std::uint32_t capBytes) {
    ImapShowResult result;
    result.summary = summaryFor(folder, uid);
    const auto parts = mime::parseParts(result.summary.bodyStructure);
    const auto text = mime::displayablePart(parts);
    for (const auto& p : parts) {
        if (text && p.section == text->section) continue;
        if (!p.attachment && (p.mimeType == "text/plain" || p.mimeType == "text/html")) continue;  // alternatives
        result.attachments.push_back(p);
    }
    store::MessageIndex index(db_);
    if (text) {
        result.textType = text->mimeType;
        const std::uint64_t want = text->size > 0 ? std::min<std::uint64_t>(capBytes, text->size) : capBytes;
        auto raw = cache_.get(result.summary.id, text->section, 0, want);
        if (!raw) {
            raw = fetchSection(folder, uid, text->section, 0, want);
            const bool complete = raw->size() < want || (text->size > 0 && raw->size() >= text->size);
            cache_.put(result.summary.id, text->section, 0, *raw, complete);
        }
        // BODYSTRUCTURE sizes are the encoded sizes BODY[section] returns.
        result.partial = text->size > 0 ? raw->size() < text->size : raw->size() >= want;
        result.remainingBytes = result.partial && text->size > raw->size() ? text->size - raw->size() : 0;
        std::string decoded = StreamingDecoder(text->encoding).feed(*raw, !result.partial);
        result.text = mime::toUtf8(decoded, text->charset);
        if (result.partial) result.text = trimIncompleteUtf8(std::move(result.text));
        index.setCachedText(result.summary.id, result.text, result.partial);
    }
    if (account_.markReadOnOpen && result.summary.unread()) {
        auto& s = session_();
        s.select(folder.path, false);
        s.execute(net::ImapCommand("UID STORE").add(std::to_string(uid)).add("+FLAGS.SILENT (\\Seen)"));
        index.setFlags(folder.id, uid, result.summary.flags | model::FlagSeen);
        result.summary.flags |= model::FlagSeen;
    }
    return result;
}

std::uint64_t ImapMessageReader::writeRange(const model::FolderInfo& folder, std::uint32_t uid,
                                            const std::string& section, std::uint64_t start, std::uint64_t length,
                                            std::ostream& out) {
    auto m = summaryFor(folder, uid);
    auto bytes = cache_.get(m.id, section, start, length);
    if (!bytes) {
        bytes = fetchSection(folder, uid, section, start, length);
        cache_.put(m.id, section, start, *bytes, bytes->size() < length);
    }
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    return bytes->size();
}

std::uint64_t ImapMessageReader::writeDecodedPart(const model::FolderInfo& folder, std::uint32_t uid,
                                                  const std::string& section, std::ostream& out) {
    auto m = summaryFor(folder, uid);
    auto part = partFor(m, section);
    if (!part)
        throw Error(ErrorKind::NotFound, "The message has no part " + section + " (see the sections 'show' lists)");
    StreamingDecoder decoder(part->encoding);
    std::uint64_t written = 0;
    std::uint64_t offset = 0;
    for (;;) {
        auto piece = cache_.get(m.id, section, offset, kPiece);
        bool last;
        if (piece && (piece->size() == kPiece || cache_.hasComplete(m.id, section))) {
            last = piece->size() < kPiece;
        } else {
            piece = fetchSection(folder, uid, section, offset, kPiece);
            last = piece->size() < kPiece;
            cache_.put(m.id, section, offset, *piece, last);
        }
        std::string decoded = decoder.feed(*piece, last);
        out.write(decoded.data(), static_cast<std::streamsize>(decoded.size()));
        written += decoded.size();
        offset += piece->size();
        if (last) break;
    }
    return written;
}

std::uint64_t ImapMessageReader::writeRaw(const model::FolderInfo& folder, std::uint32_t uid, std::ostream& out) {
    auto m = summaryFor(folder, uid);
    const std::string section;  // "" = the whole message in the cache
    std::optional<std::string> bytes;
    if (cache_.hasComplete(m.id, section)) bytes = cache_.get(m.id, section, 0, store::PartCache::kToEnd);
    if (!bytes) {
        auto& s = session_();
        s.select(folder.path, true);
        bool seen = false;
        s.execute(net::ImapCommand("UID FETCH").add(std::to_string(uid)).add("(UID BODY.PEEK[])"),
                  [&](const net::ImapResponse& r) {
                      const auto* u = r.name == "FETCH" && !r.data.empty() ? r.data[0].get("UID") : nullptr;
                      if (!u || u->number() != uid) return;
                      if (const auto* b = bodyItem(r)) {
                          bytes = b->str();
                          seen = true;
                      }
                  });
        if (!seen) throw Error(ErrorKind::NotFound, "The server no longer has this message");
        cache_.put(m.id, section, 0, *bytes, true);
    }
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    return bytes->size();
}

}  // namespace petrel::sync
