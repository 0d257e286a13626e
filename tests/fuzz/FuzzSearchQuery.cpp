// libFuzzer target: what a user types into the search box or `petrel-cli search` →
// sync::parseSearchQuery → UID SEARCH command, and store::buildFtsQuery, whose promise is an
// FTS5 MATCH expression that cannot fail to parse: checked against a real FTS5 table.
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "model/Error.h"
#include "store/FtsQuery.h"
#include "sync/ImapSearchQuery.h"

namespace {

sqlite3* openIndex() {
    sqlite3* db = nullptr;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) __builtin_trap();
    const char* schema =
        "CREATE VIRTUAL TABLE t USING fts5(subject, body, tokenize='unicode61 remove_diacritics 2');"
        "INSERT INTO t VALUES('quarterly report', 'invoice attached');";
    if (sqlite3_exec(db, schema, nullptr, nullptr, nullptr) != SQLITE_OK) __builtin_trap();
    return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace petrel;
    static sqlite3* db = openIndex();
    const std::string input(reinterpret_cast<const char*>(data), size);
    try {
        sync::ImapSearchQuery q = sync::parseSearchQuery(input);
        const auto command = q.command();
        for (const auto& piece : command.pieces()) {
            // A quoted piece never carries a raw CR or LF onto the wire: that would end the command.
            if (piece.text.find_first_of("\r\n") != std::string::npos) __builtin_trap();
        }
        command.describe();
        const std::string local = q.localText();
        (void)local;
    } catch (const model::Error& e) {
        if (e.kind() != model::ErrorKind::Usage) __builtin_trap();
    }

    const std::string match = store::buildFtsQuery(input);
    if (match.empty()) return 0;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &st, nullptr) != SQLITE_OK) __builtin_trap();
    sqlite3_bind_text(st, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
    const int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) __builtin_trap();
    return 0;
}
