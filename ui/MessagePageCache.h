#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "model/MessageSummary.h"
#include "store/MessageIndex.h"

namespace petrel::ui {

// The rows of one message list query, read from the index a page at a time. A virtual list asks
// for the same few rows many times per paint; this keeps the last pages it touched so each paint
// costs at most a page read, whatever the folder size.
class MessagePageCache {
public:
    explicit MessagePageCache(store::MessageIndex& index, std::uint32_t pageSize = 128,
                              std::size_t maxPages = 8);

    // Starts a new query: drops every page and counts the rows. Throws model::Error from the index.
    void reset(const store::PageQuery& query);
    // Forgets the query; count() is 0 afterwards.
    void clear();
    // Re-reads the count and drops the pages, for when the index changed under the same query.
    void refresh();

    bool active() const { return query_.has_value(); }
    const std::optional<store::PageQuery>& query() const { return query_; }
    std::uint32_t count() const { return count_; }

    // The row at `row`, reading its page if needed; nullptr past the end. The pointer is valid
    // until the next call that may read a page. Throws model::Error from the index.
    const model::MessageSummary* at(std::uint32_t row);

    // Pages read from the index since the last reset(), for tests of the cache itself.
    std::uint64_t pageReads() const { return pageReads_; }

private:
    struct Page {
        std::uint32_t first = 0;
        std::vector<model::MessageSummary> rows;
        std::uint64_t lastUse = 0;
    };

    store::MessageIndex& index_;
    std::uint32_t pageSize_;
    std::size_t maxPages_;
    std::optional<store::PageQuery> query_;
    std::uint32_t count_ = 0;
    std::vector<Page> pages_;
    std::uint64_t useClock_ = 0;
    std::uint64_t pageReads_ = 0;
};

}  // namespace petrel::ui
