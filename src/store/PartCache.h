#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace petrel::store {

class Db;

// Fetched MIME parts, kept as byte ranges of the decoded-as-fetched section (what
// BODY.PEEK[section]<start.len> returns). Small ranges live in the database; ranges over the
// threshold go to files under cacheDir, written to a temporary name and renamed into place so
// a crash never leaves a half-written file that looks complete. Rows are written after their
// file; a file whose row never committed is removed by pruneOrphanFiles().
class PartCache {
public:
    static constexpr std::uint64_t kDefaultFileThreshold = 256 * 1024;
    static constexpr std::uint64_t kToEnd = UINT64_MAX;

    PartCache(Db& db, std::string cacheDir, std::uint64_t fileThreshold = kDefaultFileThreshold);

    // Stores bytes [start, start + bytes.size()). `complete` says this range reaches the end of
    // the part. Once ranges cover the whole part they are merged into one piece, so a big
    // attachment ends up as one file (see filePath).
    void put(std::int64_t messageId, const std::string& section, std::uint64_t start, const std::string& bytes,
             bool complete);
    // The bytes [start, start + length) when cached ranges cover them. When the part is known
    // to end earlier, the answer stops at the end (as an IMAP partial fetch does); pass kToEnd
    // to read to the end of a complete part.
    std::optional<std::string> get(std::int64_t messageId, const std::string& section, std::uint64_t start,
                                   std::uint64_t length);
    bool hasComplete(std::int64_t messageId, const std::string& section);
    // Size of the part when it is completely cached.
    std::optional<std::uint64_t> completeSize(std::int64_t messageId, const std::string& section);
    // Absolute path of the file holding the whole part, when complete and stored as a file;
    // lets the UI open a large attachment without copying it through memory.
    std::optional<std::string> filePath(std::int64_t messageId, const std::string& section);
    // Forgets every cached part of a message and deletes its files.
    void removeMessage(std::int64_t messageId);
    // Deletes files in cacheDir that no row refers to (left by rollbacks, crashes, or messages
    // removed through ON DELETE CASCADE) and are older than minAge, so that files of puts still
    // in flight on other connections survive. Returns how many were deleted.
    std::size_t pruneOrphanFiles(std::chrono::seconds minAge = std::chrono::hours(1));

    const std::string& cacheDir() const { return cacheDir_; }

private:
    struct Piece {
        std::int64_t id = 0;
        std::uint64_t start = 0;
        std::uint64_t length = 0;
        std::string fileName;  // empty: bytes in the database
        bool complete = false;
        std::uint64_t end() const { return start + length; }
    };

    std::vector<Piece> pieces(std::int64_t messageId, const std::string& section);
    // End of the part if some piece says it is the last one.
    static std::optional<std::uint64_t> knownEnd(const std::vector<Piece>& list);
    static bool covers(const std::vector<Piece>& list, std::uint64_t start, std::uint64_t end);
    std::optional<std::string> assemble(const std::vector<Piece>& list, std::uint64_t start, std::uint64_t length);
    std::optional<std::string> readPiece(const Piece& piece, std::uint64_t offset, std::uint64_t count);
    std::string writeFile(std::int64_t messageId, const std::string& section, std::uint64_t start,
                          const std::string& bytes);
    void insertPiece(std::int64_t messageId, const std::string& section, std::uint64_t start,
                     const std::string& bytes, bool complete, std::vector<std::string>& newFiles);
    void deleteFiles(const std::vector<std::string>& fileNames) noexcept;
    std::string fullPath(const std::string& fileName) const;

    Db& db_;
    std::string cacheDir_;
    std::uint64_t threshold_;
    std::mt19937_64 random_;
};

}  // namespace petrel::store
