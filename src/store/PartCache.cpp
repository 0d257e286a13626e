#include "store/PartCache.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <unordered_set>

#include "model/Error.h"
#include "store/Clock.h"
#include "store/Db.h"
#include "store/Txn.h"

namespace fs = std::filesystem;

namespace petrel::store {

namespace {

// Section numbers are digits and dots, but the text comes from a server: keep file names safe.
std::string safeSection(const std::string& section) {
    std::string out;
    for (char c : section.substr(0, 40)) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.';
        out += ok ? c : '_';
    }
    return out.empty() ? "_" : out;
}

bool isOurFile(const std::string& name) {
    auto endsWith = [&](std::string_view suffix) {
        return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return !name.empty() && name[0] == 'm' && (endsWith(".part") || endsWith(".part.tmp"));
}

}  // namespace

PartCache::PartCache(Db& db, std::string cacheDir, std::uint64_t fileThreshold)
    : db_(db), cacheDir_(std::move(cacheDir)), threshold_(fileThreshold), random_(std::random_device{}()) {}

std::string PartCache::fullPath(const std::string& fileName) const { return (fs::path(cacheDir_) / fileName).string(); }

std::vector<PartCache::Piece> PartCache::pieces(std::int64_t messageId, const std::string& section) {
    auto& st = db_.cached("SELECT id, start, length, file_name, complete FROM parts "
                          "WHERE message_id = ?1 AND section = ?2 ORDER BY start");
    Stmt::ResetGuard guard(st);
    st.bind(1, messageId).bind(2, section);
    std::vector<Piece> out;
    while (st.step()) {
        Piece p;
        p.id = st.getInt64(0);
        p.start = st.getUint64(1);
        p.length = st.getUint64(2);
        p.fileName = st.getText(3);
        p.complete = st.getBool(4);
        out.push_back(std::move(p));
    }
    return out;
}

std::optional<std::uint64_t> PartCache::knownEnd(const std::vector<Piece>& list) {
    for (const auto& p : list)
        if (p.complete) return p.end();
    return std::nullopt;
}

bool PartCache::covers(const std::vector<Piece>& list, std::uint64_t start, std::uint64_t end) {
    std::uint64_t pos = start;
    for (const auto& p : list) {  // sorted by start
        if (p.start > pos) break;
        pos = std::max(pos, p.end());
    }
    return pos >= end;
}

std::optional<std::string> PartCache::readPiece(const Piece& piece, std::uint64_t offset, std::uint64_t count) {
    if (piece.fileName.empty()) {
        auto& st = db_.cached("SELECT substr(data, ?2, ?3) FROM parts WHERE id = ?1");
        Stmt::ResetGuard guard(st);
        st.bind(1, piece.id).bind(2, offset + 1).bind(3, count);
        if (!st.step()) return std::nullopt;
        std::string bytes = st.getBytes(0);
        if (bytes.size() != count) return std::nullopt;
        return bytes;
    }
    // A file that is missing or of the wrong size (deleted by hand, disk trouble) is a cache
    // miss, not an error: the caller fetches the part again.
    std::error_code ec;
    const std::string path = fullPath(piece.fileName);
    if (fs::file_size(path, ec) != piece.length || ec) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    in.seekg(static_cast<std::streamoff>(offset));
    std::string bytes(count, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(count));
    if (static_cast<std::uint64_t>(in.gcount()) != count) return std::nullopt;
    return bytes;
}

std::optional<std::string> PartCache::assemble(const std::vector<Piece>& list, std::uint64_t start,
                                               std::uint64_t length) {
    std::uint64_t end = (length == kToEnd || start + length < start) ? kToEnd : start + length;
    const auto partEnd = knownEnd(list);
    if (partEnd) {
        if (start >= *partEnd) return std::string();
        end = std::min(end, *partEnd);
    } else if (end == kToEnd) {
        return std::nullopt;
    }
    std::string out;
    std::uint64_t pos = start;
    while (pos < end) {
        const Piece* best = nullptr;
        for (const auto& p : list)
            if (p.start <= pos && p.end() > pos && (!best || p.end() > best->end())) best = &p;
        if (!best) return std::nullopt;
        const std::uint64_t take = std::min(best->end(), end) - pos;
        auto bytes = readPiece(*best, pos - best->start, take);
        if (!bytes) return std::nullopt;
        out += *bytes;
        pos += take;
    }
    return out;
}

std::string PartCache::writeFile(std::int64_t messageId, const std::string& section, std::uint64_t start,
                                 const std::string& bytes) {
    std::error_code ec;
    fs::create_directories(cacheDir_, ec);
    if (ec)
        throw model::Error(model::ErrorKind::Storage, "cannot create the attachment cache folder " + cacheDir_,
                           ec.message());
    char suffix[17];
    std::snprintf(suffix, sizeof suffix, "%016llx", static_cast<unsigned long long>(random_()));
    const std::string name =
        "m" + std::to_string(messageId) + "-" + safeSection(section) + "-" + std::to_string(start) + "-" + suffix + ".part";
    const std::string finalPath = fullPath(name);
    const std::string tempPath = finalPath + ".tmp";
    {
        std::ofstream out(tempPath, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            out.close();
            fs::remove(tempPath, ec);
            throw model::Error(model::ErrorKind::Storage, "cannot write to the attachment cache folder " + cacheDir_,
                               "writing " + tempPath + " failed (disk full?)");
        }
    }
    fs::rename(tempPath, finalPath, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(tempPath, ignored);
        throw model::Error(model::ErrorKind::Storage, "cannot write to the attachment cache folder " + cacheDir_,
                           ec.message());
    }
    return name;
}

void PartCache::insertPiece(std::int64_t messageId, const std::string& section, std::uint64_t start,
                            const std::string& bytes, bool complete, std::vector<std::string>& newFiles) {
    auto& st = db_.cached("INSERT INTO parts (message_id, section, start, length, data, file_name, complete, "
                          "fetched_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    st.bind(1, messageId).bind(2, section).bind(3, start).bind(4, static_cast<std::uint64_t>(bytes.size()));
    if (bytes.size() > threshold_) {
        std::string name = writeFile(messageId, section, start, bytes);
        newFiles.push_back(name);
        st.bind(5, nullptr).bind(6, name);
    } else {
        st.bindBlob(5, bytes).bind(6, nullptr);
    }
    st.bind(7, complete).bind(8, unixNow());
    st.run();
}

void PartCache::put(std::int64_t messageId, const std::string& section, std::uint64_t start,
                    const std::string& bytes, bool complete) {
    if (bytes.empty() && !complete) return;
    std::vector<std::string> newFiles;
    std::vector<std::string> oldFiles;
    try {
        Txn txn(db_);
        auto list = pieces(messageId, section);
        const std::uint64_t end = start + bytes.size();
        const auto partEnd = knownEnd(list);
        // Nothing new (a refetch after a reconnect, say): the range is there, and so is the end.
        if (!bytes.empty() && covers(list, start, end) && (!complete || (partEnd && *partEnd == end))) return;
        for (const auto& p : list) {
            if (p.start != start) continue;  // UNIQUE(message_id, section, start): the new one replaces it
            auto& del = db_.cached("DELETE FROM parts WHERE id = ?1");
            del.bind(1, p.id);
            del.run();
            if (!p.fileName.empty()) oldFiles.push_back(p.fileName);
        }
        insertPiece(messageId, section, start, bytes, complete, newFiles);

        list = pieces(messageId, section);
        const auto newEnd = knownEnd(list);
        if (newEnd && list.size() > 1 && covers(list, 0, *newEnd)) {
            // Merge into one piece, so a complete part is one blob or one file.
            auto whole = assemble(list, 0, *newEnd);
            if (whole) {
                auto& del = db_.cached("DELETE FROM parts WHERE message_id = ?1 AND section = ?2");
                del.bind(1, messageId).bind(2, section);
                del.run();
                for (const auto& p : list)
                    if (!p.fileName.empty()) oldFiles.push_back(p.fileName);
                insertPiece(messageId, section, 0, *whole, true, newFiles);
            }
        }
        txn.commit();
    } catch (...) {
        deleteFiles(newFiles);
        throw;
    }
    // Only now: had the transaction failed, the old rows would still point at these files.
    // (The merge may list a just-written file as old; it is gone from the table too.)
    deleteFiles(oldFiles);
}

std::optional<std::string> PartCache::get(std::int64_t messageId, const std::string& section, std::uint64_t start,
                                          std::uint64_t length) {
    if (length == 0) return std::string();
    auto list = pieces(messageId, section);
    if (list.empty()) return std::nullopt;
    return assemble(list, start, length);
}

bool PartCache::hasComplete(std::int64_t messageId, const std::string& section) {
    return completeSize(messageId, section).has_value();
}

std::optional<std::uint64_t> PartCache::completeSize(std::int64_t messageId, const std::string& section) {
    auto list = pieces(messageId, section);
    auto end = knownEnd(list);
    if (end && covers(list, 0, *end)) return end;
    return std::nullopt;
}

std::optional<std::string> PartCache::filePath(std::int64_t messageId, const std::string& section) {
    for (const auto& p : pieces(messageId, section)) {
        if (p.start == 0 && p.complete && !p.fileName.empty()) {
            std::string path = fullPath(p.fileName);
            std::error_code ec;
            if (fs::file_size(path, ec) == p.length && !ec) return path;
        }
    }
    return std::nullopt;
}

void PartCache::removeMessage(std::int64_t messageId) {
    std::vector<std::string> files;
    {
        Txn txn(db_);
        auto& st = db_.cached("DELETE FROM parts WHERE message_id = ?1 RETURNING file_name");
        Stmt::ResetGuard guard(st);
        st.bind(1, messageId);
        while (st.step())
            if (!st.isNull(0)) files.push_back(st.getText(0));
        st.reset();
        txn.commit();
    }
    deleteFiles(files);
}

std::size_t PartCache::pruneOrphanFiles(std::chrono::seconds minAge) {
    std::error_code ec;
    if (!fs::is_directory(cacheDir_, ec)) return 0;
    std::unordered_set<std::string> referenced;
    {
        auto& st = db_.cached("SELECT file_name FROM parts WHERE file_name IS NOT NULL");
        Stmt::ResetGuard guard(st);
        while (st.step()) referenced.insert(st.getText(0));
    }
    std::size_t removed = 0;
    for (fs::directory_iterator it(cacheDir_, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!it->is_regular_file(ec) || !isOurFile(name) || referenced.count(name)) continue;
        // Another connection may have renamed its file into place and not committed the row yet.
        const auto written = fs::last_write_time(it->path(), ec);
        if (ec || fs::file_time_type::clock::now() - written < minAge) continue;
        if (fs::remove(it->path(), ec)) ++removed;
    }
    return removed;
}

void PartCache::deleteFiles(const std::vector<std::string>& fileNames) noexcept {
    for (const auto& name : fileNames) {
        std::error_code ec;
        fs::remove(fullPath(name), ec);
    }
}

}  // namespace petrel::store
