#include "MessagePageCache.h"

#include <algorithm>

namespace petrel::ui {

MessagePageCache::MessagePageCache(store::MessageIndex& index, std::uint32_t pageSize, std::size_t maxPages)
    : index_(index),
      pageSize_(std::max<std::uint32_t>(pageSize, 1)),
      maxPages_(std::max<std::size_t>(maxPages, 1)) {}

void MessagePageCache::reset(const store::PageQuery& query) {
    clear();
    query_ = query;
    count_ = index_.count(*query_);
}

void MessagePageCache::clear() {
    query_.reset();
    count_ = 0;
    pages_.clear();
    pageReads_ = 0;
}

void MessagePageCache::refresh() {
    pages_.clear();
    count_ = query_ ? index_.count(*query_) : 0;
}

const model::MessageSummary* MessagePageCache::at(std::uint32_t row) {
    if (!query_ || row >= count_) return nullptr;
    const std::uint32_t first = row - row % pageSize_;
    auto page =
        std::find_if(pages_.begin(), pages_.end(), [first](const Page& p) { return p.first == first; });
    if (page == pages_.end()) {
        store::PageQuery query = *query_;
        query.offset = first;
        query.limit = pageSize_;
        Page loaded;
        loaded.first = first;
        loaded.rows = index_.page(query);
        ++pageReads_;
        if (pages_.size() >= maxPages_) {
            auto oldest = std::min_element(pages_.begin(), pages_.end(), [](const Page& a, const Page& b) {
                return a.lastUse < b.lastUse;
            });
            *oldest = std::move(loaded);
            page = oldest;
        } else {
            pages_.push_back(std::move(loaded));
            page = std::prev(pages_.end());
        }
    }
    page->lastUse = ++useClock_;
    const std::uint32_t offset = row - first;
    // The index may have lost rows since count(): a short page reads as "no such row".
    return offset < page->rows.size() ? &page->rows[offset] : nullptr;
}

}  // namespace petrel::ui
