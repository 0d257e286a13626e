#include "MessageList.h"

#include <wx/artprov.h>
#include <wx/log.h>
#include <wx/settings.h>

#include <algorithm>

#include "DisplayFormat.h"
#include "PetrelArt.h"
#include "store/Db.h"

namespace petrel::ui {

namespace {

struct ColumnSpec {
    const char* key;  // Settings key for the width
    wxString title;
    int width;
    wxListColumnFormat align;
};

ColumnSpec columnSpec(int column) {
    switch (column) {
        case MessageList::ColFlag:
            return {"flag", wxString(), 26, wxLIST_FORMAT_CENTRE};
        case MessageList::ColAttachment:
            return {"attachment", wxString(), 26, wxLIST_FORMAT_CENTRE};
        case MessageList::ColFrom:
            return {"from", _("From"), 200, wxLIST_FORMAT_LEFT};
        case MessageList::ColSubject:
            return {"subject", _("Subject"), 360, wxLIST_FORMAT_LEFT};
        case MessageList::ColDate:
            return {"date", _("Date"), 140, wxLIST_FORMAT_LEFT};
        case MessageList::ColSize:
            return {"size", _("Size"), 72, wxLIST_FORMAT_RIGHT};
        default:
            return {"", wxString(), 80, wxLIST_FORMAT_LEFT};
    }
}

// The subject column takes what the others leave, but never less than this.
constexpr int kMinSubjectWidth = 120;

}  // namespace

MessageList::MessageList(wxWindow* parent, std::shared_ptr<store::Db> db, wxWindowID id)
    : wxListView(parent, id, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_VIRTUAL | wxBORDER_NONE),
      db_(std::move(db)),
      index_(*db_),
      cache_(index_) {
    wxVector<wxBitmapBundle> images;
    images.push_back(wxArtProvider::GetBitmapBundle(art::Flag, wxART_LIST, wxSize(16, 16)));
    images.push_back(wxArtProvider::GetBitmapBundle(art::Attachment, wxART_LIST, wxSize(16, 16)));
    SetSmallImages(images);

    for (int column = 0; column < ColumnCount; ++column) {
        const ColumnSpec spec = columnSpec(column);
        wxListItem item;
        item.SetId(column);
        item.SetText(spec.title);
        item.SetAlign(spec.align);
        item.SetWidth(settings_.columnWidth(spec.key).value_or(spec.width));
        // Flag and attachment columns are too narrow for words: their header is the icon.
        if (column == ColFlag) item.SetImage(ImageFlag);
        if (column == ColAttachment) item.SetImage(ImageAttachment);
        InsertColumn(column, item);
    }

    wxFont bold = GetFont();
    bold.MakeBold();
    unreadAttr_.SetFont(bold);
    wxFont italic = GetFont();
    italic.MakeItalic();
    serverAttr_.SetFont(italic);
    serverUnreadAttr_.SetFont(bold.Italic());

    sortKey_ = settings_.sortKey();
    descending_ = settings_.sortDescending();
    unreadOnly_ = settings_.unreadOnly();
    updateSortIndicator();

    Bind(wxEVT_LIST_COL_CLICK, &MessageList::onColumnClick, this);
    Bind(wxEVT_SIZE, &MessageList::onSize, this);
    Bind(wxEVT_LIST_COL_END_DRAG, [this](wxListEvent& event) {
        event.Skip();
        // The new width is applied after this event: fit the subject once it is.
        CallAfter([this] { fitSubjectColumn(); });
    });
}

void MessageList::showFolder(std::int64_t folderId) {
    rowTextRequests_ = 0;
    highestRowRequested_ = -1;
    folderId_ = folderId;
    results_.reset();
    requery(false);
}

void MessageList::showResults(std::vector<model::MessageSummary> rows, std::set<std::int64_t> serverHits) {
    std::int64_t keepId = 0;
    if (GetSelectedItemCount() == 1)
        if (const auto* selected = rowAt(GetFirstSelected())) keepId = selected->id;
    for (long row = GetFirstSelected(); row != -1; row = GetNextSelected(row)) Select(row, false);
    results_ = std::move(rows);
    serverHits_ = std::move(serverHits);
    SetItemCount(static_cast<long>(results_->size()));
    long keepRow = -1;
    for (std::size_t i = 0; keepId && i < results_->size(); ++i)
        if ((*results_)[i].id == keepId) keepRow = static_cast<long>(i);
    if (keepRow >= 0) {
        Select(keepRow);
        Focus(keepRow);
    } else if (!results_->empty()) {
        EnsureVisible(0);
    }
    Refresh();
}

bool MessageList::isServerHit(long row) const {
    const model::MessageSummary* summary = rowAt(row);
    return summary && results_ && serverHits_.count(summary->id) != 0;
}

void MessageList::clearResults() {
    if (!results_) return;
    results_.reset();
    serverHits_.clear();
    for (long row = GetFirstSelected(); row != -1; row = GetNextSelected(row)) Select(row, false);
    if (folderId_) {
        requery(false);
    } else {
        SetItemCount(0);
        Refresh();
    }
}

void MessageList::clearFolder() {
    results_.reset();
    folderId_ = 0;
    cache_.clear();
    SetItemCount(0);
    Refresh();
}

void MessageList::refresh() {
    if (folderId_) requery(true);
}

std::optional<std::int64_t> MessageList::folderId() const {
    if (!folderId_) return std::nullopt;
    return folderId_;
}

void MessageList::requery(bool keepSelection) {
    if (!folderId_) return clearFolder();
    if (results_) {
        Refresh();
        return;
    }
    // Rows move in a new query: a selection by row number would now point at other mail, so the
    // selected message is looked up again by id.
    std::int64_t keepId = 0;
    if (keepSelection && GetSelectedItemCount() == 1) {
        if (const auto* row = rowAt(GetFirstSelected())) keepId = row->id;
    }
    for (long row = GetFirstSelected(); row != -1; row = GetNextSelected(row)) Select(row, false);

    store::PageQuery query;
    query.folderId = folderId_;
    query.sort = sortKey_;
    query.descending = descending_;
    query.unreadOnly = unreadOnly_;
    readFailed_ = false;
    try {
        cache_.reset(query);
    } catch (...) {
        cache_.clear();
        SetItemCount(0);
        Refresh();
        throw;
    }
    SetItemCount(cache_.count());
    std::optional<std::uint32_t> position;
    if (keepId) position = index_.positionOf(query, keepId);
    if (position && *position < cache_.count()) {
        const long row = static_cast<long>(*position);
        Select(row);
        Focus(row);
    } else if (cache_.count() > 0) {
        EnsureVisible(0);
    }
    Refresh();
}

void MessageList::setSort(store::SortKey key, bool descending) {
    sortKey_ = key;
    descending_ = descending;
    settings_.setSort(key, descending);
    updateSortIndicator();
    if (folderId_) requery(true);
}

void MessageList::setUnreadOnly(bool on) {
    if (on == unreadOnly_) return;
    unreadOnly_ = on;
    settings_.setUnreadOnly(on);
    if (folderId_) requery(true);
}

MessageList::Column MessageList::columnFor(store::SortKey key) {
    switch (key) {
        case store::SortKey::Date:
            return ColDate;
        case store::SortKey::From:
            return ColFrom;
        case store::SortKey::Subject:
            return ColSubject;
        case store::SortKey::Size:
            return ColSize;
    }
    return ColDate;
}

std::optional<store::SortKey> MessageList::sortKeyFor(int column) {
    switch (column) {
        case ColFrom:
            return store::SortKey::From;
        case ColSubject:
            return store::SortKey::Subject;
        case ColDate:
            return store::SortKey::Date;
        case ColSize:
            return store::SortKey::Size;
        default:
            return std::nullopt;
    }
}

void MessageList::updateSortIndicator() {
    ShowSortIndicator(columnFor(sortKey_), !descending_);
}

void MessageList::onColumnClick(wxListEvent& event) {
    const auto key = sortKeyFor(event.GetColumn());
    if (!key) return;
    // Same column: reverse. New column: newest and largest first, names and subjects A to Z.
    bool descending = *key == store::SortKey::Date || *key == store::SortKey::Size;
    if (*key == sortKey_) descending = !descending_;
    try {
        setSort(*key, descending);
    } catch (const std::exception& e) {
        wxLogError(_("Cannot sort the message list: %s"), format::u8(e.what()));
    }
    // Listeners (the frame) update the view and menus after the new order is in place.
    event.Skip();
}

void MessageList::onSize(wxSizeEvent& event) {
    event.Skip();
    fitSubjectColumn();
}

void MessageList::fitSubjectColumn() {
    if (GetColumnCount() != ColumnCount) return;
    int others = 0;
    for (int column = 0; column < ColumnCount; ++column) {
        if (column != ColSubject) others += GetColumnWidth(column);
    }
    int available = GetClientSize().x;
    // Leave room for the vertical scroll bar whether or not it shows, so rows never get a
    // horizontal one just because the folder grew.
    available -= wxSystemSettings::GetMetric(wxSYS_VSCROLL_X, this) + 2;
    const int width = std::max(kMinSubjectWidth, available - others);
    if (width != GetColumnWidth(ColSubject)) SetColumnWidth(ColSubject, width);
}

void MessageList::saveState() {
    for (int column = 0; column < GetColumnCount(); ++column) {
        if (column == ColSubject) continue;  // it fills the rest
        settings_.setColumnWidth(columnSpec(column).key, GetColumnWidth(column));
    }
    settings_.setSort(sortKey_, descending_);
    settings_.setUnreadOnly(unreadOnly_);
}

const model::MessageSummary* MessageList::rowAt(long item) const {
    if (item < 0) return nullptr;
    if (results_) return static_cast<std::size_t>(item) < results_->size() ? &(*results_)[static_cast<std::size_t>(item)] : nullptr;
    try {
        return cache_.at(static_cast<std::uint32_t>(item));
    } catch (const std::exception& e) {
        if (!readFailed_) {
            readFailed_ = true;
            // Logged, not thrown: this runs inside a paint.
            wxLogError(_("Cannot read the message list from the local index: %s"), format::u8(e.what()));
        }
        return nullptr;
    }
}

std::optional<model::MessageSummary> MessageList::summaryAt(long row) const {
    if (const auto* summary = rowAt(row)) return *summary;
    return std::nullopt;
}

wxString MessageList::OnGetItemText(long item, long column) const {
    ++rowTextRequests_;
    highestRowRequested_ = std::max(highestRowRequested_, item);
    const model::MessageSummary* row = rowAt(item);
    if (!row) return wxString();
    switch (column) {
        case ColFrom:
            return format::senderName(row->from);
        case ColSubject:
            return row->subject.empty() ? _("(no subject)") : format::u8(row->subject);
        case ColDate:
            return format::listDate(row->date ? row->date : row->internalDate);
        case ColSize:
            return format::size(row->size);
        default:
            return wxString();
    }
}

int MessageList::OnGetItemImage(long item) const {
    return OnGetItemColumnImage(item, 0);
}

int MessageList::OnGetItemColumnImage(long item, long column) const {
    if (column != ColFlag && column != ColAttachment) return -1;
    const model::MessageSummary* row = rowAt(item);
    if (!row) return -1;
    if (column == ColFlag) return (row->flags & model::FlagFlagged) ? ImageFlag : -1;
    return row->hasAttachment ? ImageAttachment : -1;
}

wxItemAttr* MessageList::OnGetItemAttr(long item) const {
    const model::MessageSummary* row = rowAt(item);
    if (!row) return nullptr;
    if (results_ && serverHits_.count(row->id)) return row->unread() ? &serverUnreadAttr_ : &serverAttr_;
    return row->unread() ? &unreadAttr_ : nullptr;
}

}  // namespace petrel::ui
