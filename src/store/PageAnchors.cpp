#include "store/PageAnchors.h"

#include <sqlite3.h>

#include "store/Db.h"

namespace petrel::store {

namespace {
// A list of 100,000 rows read page by page from top to bottom leaves 2,000 anchors; cap the
// memory for pathological use (thousands of folders) rather than track usage.
constexpr std::size_t kMaxAnchors = 100000;
}  // namespace

bool PageAnchors::refresh(bool mayCache) {
    Version now;
    if (mayCache) {
        auto& st = db_.cached("PRAGMA data_version");
        Stmt::ResetGuard guard(st);
        now.dataVersion = st.step() ? st.getInt64(0) : -1;
        now.totalChanges = sqlite3_total_changes64(db_.handle());
    }
    if (now.dataVersion < 0 || !(now == version_)) {
        lists_.clear();
        version_ = now;
    }
    return version_.dataVersion >= 0;
}

const std::map<std::uint32_t, PageAnchors::Anchor>* PageAnchors::listFor(const PageQuery& query, bool mayCache) {
    if (!refresh(mayCache)) return nullptr;
    auto list = lists_.find(Key{query.folderId, static_cast<int>(query.sort), query.unreadOnly});
    return list == lists_.end() ? nullptr : &list->second;
}

std::optional<std::pair<std::uint32_t, PageAnchors::Anchor>> PageAnchors::nearestAtOrBefore(const PageQuery& query,
                                                                                          std::uint32_t position,
                                                                                          bool mayCache) {
    const auto* list = listFor(query, mayCache);
    if (!list) return std::nullopt;
    auto it = list->upper_bound(position);
    if (it == list->begin()) return std::nullopt;
    --it;
    return *it;
}

std::optional<std::pair<std::uint32_t, PageAnchors::Anchor>> PageAnchors::nearestAtOrAfter(const PageQuery& query,
                                                                                         std::uint32_t position,
                                                                                         bool mayCache) {
    const auto* list = listFor(query, mayCache);
    if (!list) return std::nullopt;
    auto it = list->lower_bound(position);
    if (it == list->end()) return std::nullopt;
    return *it;
}

void PageAnchors::remember(const PageQuery& query, std::uint32_t position, Anchor anchor, bool mayCache) {
    if (!refresh(mayCache)) return;
    std::size_t total = 0;
    for (const auto& [key, list] : lists_) total += list.size();
    if (total >= kMaxAnchors) lists_.clear();
    lists_[Key{query.folderId, static_cast<int>(query.sort), query.unreadOnly}][position] = std::move(anchor);
}

}  // namespace petrel::store
