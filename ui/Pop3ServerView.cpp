#include "Pop3ServerView.h"

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
// After msgdlg.h, which it depends on.
#include <wx/generic/msgdlgg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>
#include <functional>
#include <memory>

#include "AccountJobs.h"
#include "DisplayFormat.h"
#include "EngineHost.h"
#include "JobTracker.h"
#include "WxUiPoster.h"
#include "engine/Pop3Browse.h"

namespace petrel::ui {

namespace {
enum Column { ColNumber, ColFrom, ColSubject, ColDate, ColSize, ColStored };
}

Pop3ServerView::Pop3ServerView(wxWindow* parent, EngineHost& host, JobTracker& tracker)
    : wxPanel(parent), host_(host), tracker_(tracker) {
    SetName("Pop3ServerView");
    note_ = new wxStaticText(this, wxID_ANY, wxString());
    list_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT);
    list_->SetName("Pop3ServerList");
    list_->AppendColumn("#", wxLIST_FORMAT_RIGHT, FromDIP(40));
    list_->AppendColumn(_("From"), wxLIST_FORMAT_LEFT, FromDIP(180));
    list_->AppendColumn(_("Subject"), wxLIST_FORMAT_LEFT, FromDIP(300));
    list_->AppendColumn(_("Date"), wxLIST_FORMAT_LEFT, FromDIP(130));
    list_->AppendColumn(_("Size"), wxLIST_FORMAT_RIGHT, FromDIP(70));
    list_->AppendColumn(_("Stored here"), wxLIST_FORMAT_LEFT, FromDIP(90));
    download_ = new wxButton(this, wxID_ANY, _("&Download"));
    download_->SetName("Pop3Download");
    download_->SetToolTip(_("Store the message in the Inbox and open it"));
    delete_ = new wxButton(this, wxID_ANY, _("Delete on &Server..."));
    delete_->SetName("Pop3DeleteOnServer");
    refresh_ = new wxButton(this, wxID_ANY, _("&Refresh"));
    refresh_->SetName("Pop3Refresh");

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->Add(download_, wxSizerFlags().Border(wxRIGHT, FromDIP(4)));
    buttons->Add(delete_, wxSizerFlags().Border(wxRIGHT, FromDIP(4)));
    buttons->Add(refresh_);
    buttons->AddStretchSpacer();
    auto* layout = new wxBoxSizer(wxVERTICAL);
    layout->Add(buttons, wxSizerFlags().Expand().Border(wxALL, FromDIP(3)));
    layout->Add(note_, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(4)));
    layout->Add(list_, wxSizerFlags(1).Expand());
    SetSizer(layout);

    download_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { downloadSelected(); });
    delete_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { deleteSelected(); });
    refresh_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { browse(); });
    list_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { downloadSelected(); });
    list_->Bind(wxEVT_LIST_KEY_DOWN, [this](wxListEvent& event) {
        if (event.GetKeyCode() == WXK_DELETE || event.GetKeyCode() == WXK_NUMPAD_DELETE)
            deleteSelected();
        else
            event.Skip();
    });
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) {
        const bool any = list_->GetSelectedItemCount() > 0 && !browsing_;
        if (event.GetEventObject() == download_ || event.GetEventObject() == delete_) event.Enable(any);
        if (event.GetEventObject() == refresh_) event.Enable(account_ && !browsing_);
    });
}

std::optional<std::int64_t> Pop3ServerView::accountId() const {
    if (!account_) return std::nullopt;
    return account_->id;
}

void Pop3ServerView::showAccount(const model::AccountConfig& account) {
    if (account_ && account_->id == account.id && (browsing_ || !entries_.empty())) return;
    account_ = account;
    ++generation_;
    entries_.clear();
    fill();
    browse();
}

std::optional<std::uint64_t> Pop3ServerView::browse() {
    if (!account_) return std::nullopt;
    auto listing = std::make_shared<engine::Pop3Listing>();
    const std::uint64_t generation = ++generation_;
    const wxString name = format::u8(account_->name);
    JobRequest request;
    request.accountId = account_->id;
    request.lane = engine::Lane::Interactive;
    request.name = "browse";
    request.label = wxString::Format(_("Listing the server of %s"), name);
    request.doneLabel = wxString::Format(_("Listed the server of %s"), name);
    request.failureTitle = wxString::Format(_("Listing the server of %s failed"), name);
    request.run = AccountJobs::asUser(host_.profile(), host_.secrets(), *account_,
                                      [listing](engine::JobContext& job, const engine::Profile& profile,
                                                const model::AccountConfig& account,
                                                const std::optional<std::string>& password) {
                                          *listing = engine::browsePop3Server(job, profile, account, password);
                                      });
    request.onFinished = [this, listing, generation](const std::optional<model::Error>& error) {
        if (generation != generation_) return;
        browsing_ = false;
        if (error) {
            note_->SetLabel(format::u8(error->what()));
        } else {
            entries_ = std::move(listing->messages);
        }
        fill();
    };
    const auto id = tracker_.submit(std::move(request));
    browsing_ = id.has_value();
    note_->SetLabel(id ? _("Asking the server what it holds...") : _("Working offline: the server is not asked."));
    Layout();
    return id;
}

void Pop3ServerView::fill() {
    list_->Freeze();
    list_->DeleteAllItems();
    long row = 0;
    for (const auto& e : entries_) {
        list_->InsertItem(row, wxString::Format("%u", e.number));
        list_->SetItem(row, ColFrom, format::senderName(e.from));
        list_->SetItem(row, ColSubject, format::u8(e.subject));
        list_->SetItem(row, ColDate, e.date ? format::listDate(e.date) : wxString());
        list_->SetItem(row, ColSize, format::size(e.size));
        list_->SetItem(row, ColStored, e.downloaded ? _("yes") : e.localMessageId ? _("header") : wxString());
        ++row;
    }
    list_->Thaw();
    if (!browsing_) {
        note_->SetLabel(entries_.empty() ? _("The server holds no messages.")
                                         : wxString::Format(wxPLURAL("%zu message on the server",
                                                                     "%zu messages on the server", entries_.size()),
                                                            entries_.size()));
    }
    Layout();
}

std::vector<std::uint32_t> Pop3ServerView::selectedNumbers() const {
    std::vector<std::uint32_t> numbers;
    for (long row = list_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED); row != -1;
         row = list_->GetNextItem(row, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED)) {
        if (static_cast<std::size_t>(row) < entries_.size()) numbers.push_back(entries_[row].number);
    }
    return numbers;
}

std::optional<std::uint64_t> Pop3ServerView::downloadSelected() {
    const auto numbers = selectedNumbers();
    if (!account_ || numbers.size() != 1) return std::nullopt;
    auto opened = std::make_shared<engine::OpenedMessage>();
    const std::uint32_t number = numbers.front();
    const std::uint32_t cap = account_->bodyCapBytes;
    JobRequest request;
    request.accountId = account_->id;
    request.lane = engine::Lane::Interactive;
    request.name = "fetch";
    request.label = _("Downloading message");
    request.doneLabel = _("Message downloaded.");
    request.failureTitle = _("Downloading the message failed");
    request.run = AccountJobs::asUser(host_.profile(), host_.secrets(), *account_,
                                      [opened, number, cap](engine::JobContext& job, const engine::Profile& profile,
                                                            const model::AccountConfig& account,
                                                            const std::optional<std::string>& password) {
                                          *opened = engine::openMessage(job, profile, account,
                                                                        engine::kPop3ServerFolder, number, cap,
                                                                        password);
                                      });
    request.onFinished = [this, opened](const std::optional<model::Error>& error) {
        if (error) return;
        if (onChanged) onChanged();
        if (onOpened) onOpened(*opened);
        // Delete mode removes the server copy after the download: the listing changed.
        browse();
    };
    return tracker_.submit(std::move(request));
}

void Pop3ServerView::deleteSelected() {
    const auto numbers = selectedNumbers();
    if (!account_ || numbers.empty()) return;
    WxUiPoster::postModal(this, [this, numbers] {
        wxGenericMessageDialog ask(
            this,
            wxString::Format(wxPLURAL("Delete %zu message on the server of %s?\n\nA copy stored here is kept.",
                                      "Delete %zu messages on the server of %s?\n\nCopies stored here are kept.",
                                      numbers.size()),
                             numbers.size(), format::u8(account_->name)),
            _("Delete on Server"), wxYES_NO | wxNO_DEFAULT | wxICON_WARNING);
        ask.SetName("ConfirmDeleteOnServer");
        ask.SetYesNoLabels(_("&Delete"), _("&Keep"));
        if (ask.ShowModal() == wxID_YES) deleteOnServer(numbers);
    });
}

std::optional<std::uint64_t> Pop3ServerView::deleteOnServer(std::vector<std::uint32_t> numbers) {
    if (!account_ || numbers.empty()) return std::nullopt;
    // Each deletion ends with QUIT, which renumbers the rest: highest first keeps the others valid.
    std::sort(numbers.rbegin(), numbers.rend());
    JobRequest request;
    request.accountId = account_->id;
    request.lane = engine::Lane::Interactive;
    request.name = "delete";
    request.label = _("Deleting on the server");
    request.doneLabel = _("Deleted on the server.");
    request.failureTitle = _("Deleting on the server failed");
    request.run = AccountJobs::asUser(host_.profile(), host_.secrets(), *account_,
                                      [numbers](engine::JobContext& job, const engine::Profile& profile,
                                                const model::AccountConfig& account,
                                                const std::optional<std::string>& password) {
                                          for (const auto n : numbers) {
                                              job.cancel().throwIfCancelled();
                                              engine::deleteMessage(job, profile, account, engine::kPop3ServerFolder,
                                                                    n, password);
                                          }
                                      });
    request.onFinished = [this](const std::optional<model::Error>&) {
        if (onChanged) onChanged();
        browse();
    };
    return tracker_.submit(std::move(request));
}

}  // namespace petrel::ui
