#pragma once
#include <cstdint>

#include "model/MessageSummary.h"

namespace petrel::store {

// Newest: latest arrival first, cheap at any match count. Relevance: best bm25 first, which
// has to score every match.
enum class SearchOrder { Newest, Relevance };

struct SearchHit {
    model::MessageSummary message;
    std::int64_t folderId = 0;
    std::int64_t accountId = 0;
    // Relevance (negated FTS5 bm25): larger is better; only comparable within one search.
    double rank = 0;
};

}  // namespace petrel::store
