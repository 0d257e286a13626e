#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "store/PageQuery.h"

namespace petrel::store {

class Db;

// Remembers where list pages started, so the next page near one of them is an index seek plus
// a short OFFSET. SQLite's OFFSET steps through every skipped index entry (measured ~60 ns
// each, 6 ms at offset 100,000), so MessageIndex reads a page from whichever is nearest: the
// start of the list, its end (the folder's exact count is known), or a remembered anchor
// before or after the page. Scrolling then costs a page's worth of rows, a jump at most half
// the distance to the nearest known point, once.
//
// Positions are in ascending order (descending lists are the same rows reversed). Anchors are
// valid for one state of the database only: they are keyed on PRAGMA data_version (changes by
// other connections) and sqlite3_total_changes64 (this connection), and callers pass
// mayCache = false inside a write transaction, which could still roll back to a state these
// counters do not tell apart.
class PageAnchors {
public:
    struct Anchor {
        std::int64_t number = 0;  // the key of Date and Size orders
        std::string text;         // the key of From and Subject orders
        std::int64_t id = 0;
    };

    explicit PageAnchors(Db& db) : db_(db) {}

    // The remembered row at the largest ascending position <= `position`, if any.
    std::optional<std::pair<std::uint32_t, Anchor>> nearestAtOrBefore(const PageQuery& query, std::uint32_t position,
                                                                      bool mayCache);
    // The remembered row at the smallest ascending position >= `position`, if any.
    std::optional<std::pair<std::uint32_t, Anchor>> nearestAtOrAfter(const PageQuery& query, std::uint32_t position,
                                                                     bool mayCache);
    void remember(const PageQuery& query, std::uint32_t position, Anchor anchor, bool mayCache);

private:
    using Key = std::tuple<std::int64_t, int, bool>;  // folder, sort key, unread filter
    struct Version {
        std::int64_t dataVersion = -1;
        std::int64_t totalChanges = -1;
        bool operator==(const Version&) const = default;
    };

    // Forgets everything unless the database is unchanged; returns whether anchors may be used.
    bool refresh(bool mayCache);
    const std::map<std::uint32_t, Anchor>* listFor(const PageQuery& query, bool mayCache);

    Db& db_;
    Version version_;
    std::map<Key, std::map<std::uint32_t, Anchor>> lists_;
};

}  // namespace petrel::store
