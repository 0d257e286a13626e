#pragma once
#include <wx/listctrl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "MessagePageCache.h"
#include "Settings.h"
#include "model/MessageSummary.h"
#include "store/MessageIndex.h"

namespace petrel::store {
class Db;
}

namespace petrel::ui {

// The message list: a virtual report list over one folder of the index, any size, read a page
// at a time through MessagePageCache. Unread rows are bold; clicking a column header sorts by it
// (again: reverses). The sort order and column widths persist in Settings.
class MessageList : public wxListView {
public:
    enum Column { ColFlag, ColAttachment, ColFrom, ColSubject, ColDate, ColSize, ColumnCount };

    MessageList(wxWindow* parent, std::shared_ptr<store::Db> db, wxWindowID id = wxID_ANY);

    // Shows a folder from the first row, in the current sort order. Throws model::Error.
    void showFolder(std::int64_t folderId);
    // Shows nothing (no folder, or an account node).
    void clearFolder();
    // Re-reads the count and rows of the current folder (after the index changed), keeping a
    // single selected message selected. Throws.
    void refresh();

    std::optional<std::int64_t> folderId() const;
    std::uint32_t rowCount() const {
        return results_ ? static_cast<std::uint32_t>(results_->size()) : cache_.count();
    }

    // Search results in place of the folder's rows (any folders); clearResults() goes back to
    // the folder. refresh() keeps the results (the caller searches again). `serverHits`: ids of
    // rows only the server's search found, shown in italics. A single selected message that is
    // still among the rows stays selected.
    void showResults(std::vector<model::MessageSummary> rows, std::set<std::int64_t> serverHits = {});
    void clearResults();
    bool showingResults() const { return results_.has_value(); }
    bool isServerHit(long row) const;
    std::size_t serverHitCount() const { return serverHits_.size(); }

    // A copy of the row at `row` (valid until the list is refreshed), nullopt past the end.
    std::optional<model::MessageSummary> summaryAt(long row) const;

    store::SortKey sortKey() const { return sortKey_; }
    bool sortDescending() const { return descending_; }
    // Re-queries in the new order; a single selected message stays selected. Throws.
    void setSort(store::SortKey key, bool descending);
    bool unreadOnly() const { return unreadOnly_; }
    void setUnreadOnly(bool on);

    // The column that sorts by `key`, and the key a column sorts by (nullopt: not sortable).
    static Column columnFor(store::SortKey key);
    static std::optional<store::SortKey> sortKeyFor(int column);

    // Saves column widths and the sort order to Settings.
    void saveState();

    // Rows the list asked text for since the last showFolder (they are being drawn) and the
    // highest of them: the large-folder figures time the first paint and the scroll with these.
    std::uint64_t rowTextRequests() const { return rowTextRequests_; }
    long highestRowRequested() const { return highestRowRequested_; }

protected:
    wxString OnGetItemText(long item, long column) const override;
    int OnGetItemImage(long item) const override;
    int OnGetItemColumnImage(long item, long column) const override;
    wxItemAttr* OnGetItemAttr(long item) const override;

private:
    enum Image { ImageFlag, ImageAttachment };

    void requery(bool keepSelection);
    void updateSortIndicator();
    void fitSubjectColumn();
    void onColumnClick(wxListEvent& event);
    void onSize(wxSizeEvent& event);
    const model::MessageSummary* rowAt(long item) const;

    std::shared_ptr<store::Db> db_;
    store::MessageIndex index_;
    // The virtual list's On* callbacks are const, yet reading a row may load a page.
    mutable MessagePageCache cache_;
    // Reported once per query, not once per painted row.
    mutable bool readFailed_ = false;
    mutable std::uint64_t rowTextRequests_ = 0;
    mutable long highestRowRequested_ = -1;
    Settings settings_;
    std::int64_t folderId_ = 0;
    std::optional<std::vector<model::MessageSummary>> results_;
    store::SortKey sortKey_ = store::SortKey::Date;
    bool descending_ = true;
    bool unreadOnly_ = false;
    std::set<std::int64_t> serverHits_;
    mutable wxItemAttr unreadAttr_;
    mutable wxItemAttr serverAttr_;
    mutable wxItemAttr serverUnreadAttr_;
};

}  // namespace petrel::ui
