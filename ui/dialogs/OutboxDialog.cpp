#include "dialogs/OutboxDialog.h"

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
// After msgdlg.h, which it depends on.
#include <wx/generic/msgdlgg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <map>
#include <set>

#include "DisplayFormat.h"
#include "EngineHost.h"
#include "JobTracker.h"
#include "MainFrame.h"
#include "WxUiPoster.h"
#include "compose/AccountJob.h"
#include "engine/SendService.h"
#include "engine/WorkerDatabase.h"
#include "mime/HeaderText.h"
#include "store/AccountRepository.h"
#include "store/Db.h"

namespace petrel::ui {

namespace {

// Enough for any real header block; a list of big messages never loads their attachments.
constexpr std::size_t kHeaderBytes = 64 * 1024;

// The Subject header of a stored message, decoded; only the header block is looked at.
std::string subjectOf(const std::string& raw) {
    std::size_t end = raw.find("\r\n\r\n");
    if (end == std::string::npos) end = raw.find("\n\n");
    const std::string_view header(raw.data(), end == std::string::npos ? raw.size() : end);
    std::size_t pos = 0;
    while (pos < header.size()) {
        std::size_t eol = header.find('\n', pos);
        if (eol == std::string_view::npos) eol = header.size();
        std::string_view line = header.substr(pos, eol - pos);
        pos = eol + 1;
        if (line.size() < 8) continue;
        std::string name(line.substr(0, 8));
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name != "subject:") continue;
        std::string value(line.substr(8));
        // Folded continuation lines start with white space.
        while (pos < header.size() && (header[pos] == ' ' || header[pos] == '\t')) {
            std::size_t next = header.find('\n', pos);
            if (next == std::string_view::npos) next = header.size();
            value += header.substr(pos, next - pos);
            pos = next + 1;
        }
        const auto first = value.find_first_not_of(" \t");
        return mime::decodeHeaderText(first == std::string::npos ? std::string() : value.substr(first));
    }
    return {};
}

wxString stateText(store::OutboxState state) {
    switch (state) {
        case store::OutboxState::Pending:
            return _("Queued");
        case store::OutboxState::Sending:
            return _("Sending (or interrupted)");
        case store::OutboxState::Failed:
            return _("Failed");
        case store::OutboxState::Sent:
            return _("Sent");
    }
    return wxString();
}

}  // namespace

OutboxDialog::OutboxDialog(MainFrame& frame, std::shared_ptr<store::Db> index)
    : wxDialog(&frame, wxID_ANY, _("Outbox"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      frame_(frame),
      index_(std::move(index)) {
    SetName("OutboxDialog");
    list_ = new wxListView(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(760, 240)), wxLC_REPORT);
    list_->SetName("OutboxList");
    list_->AppendColumn(_("Account"), wxLIST_FORMAT_LEFT, FromDIP(100));
    list_->AppendColumn(_("To"), wxLIST_FORMAT_LEFT, FromDIP(180));
    list_->AppendColumn(_("Subject"), wxLIST_FORMAT_LEFT, FromDIP(200));
    list_->AppendColumn(_("State"), wxLIST_FORMAT_LEFT, FromDIP(90));
    list_->AppendColumn(_("Last error"), wxLIST_FORMAT_LEFT, FromDIP(260));
    status_ = new wxStaticText(this, wxID_ANY, wxString());
    status_->SetName("OutboxStatus");
    retry_ = new wxButton(this, wxID_ANY, _("&Retry"));
    retry_->SetName("OutboxRetry");
    remove_ = new wxButton(this, wxID_ANY, _("Re&move"));
    remove_->SetName("OutboxRemove");
    sendNow_ = new wxButton(this, wxID_ANY, _("&Send Now"));
    sendNow_->SetName("OutboxSendNow");
    auto* close = new wxButton(this, wxID_CLOSE);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->Add(retry_);
    buttons->Add(remove_, wxSizerFlags().Border(wxLEFT, FromDIP(6)));
    buttons->Add(sendNow_, wxSizerFlags().Border(wxLEFT, FromDIP(6)));
    buttons->AddStretchSpacer();
    buttons->Add(close);
    auto* layout = new wxBoxSizer(wxVERTICAL);
    layout->Add(list_, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(8)));
    layout->Add(status_, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(8)));
    layout->Add(buttons, wxSizerFlags().Expand().Border(wxALL, FromDIP(8)));
    SetSizerAndFit(layout);

    retry_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { retrySelected(); });
    remove_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { removeSelected(); });
    sendNow_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { sendNow(); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Destroy(); });
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { Destroy(); });
    retry_->Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) {
        bool retryable = false;
        for (const Row* row : selectedRows())
            retryable = retryable || row->item.state != store::OutboxState::Pending;
        event.Enable(retryable);
    });
    remove_->Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(!selectedRows().empty()); });
    sendNow_->Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(running_ == 0 && !rows_.empty()); });
    reload();
}

void OutboxDialog::reload() {
    rows_.clear();
    try {
        store::Outbox outbox(*index_);
        for (const auto& account : store::AccountRepository(*index_).list()) {
            for (auto& item : outbox.list(account.id)) {
                if (item.state == store::OutboxState::Sent) continue;
                Row row;
                row.accountName = account.name;
                try {
                    row.subject = subjectOf(outbox.head(item.id, kHeaderBytes));
                } catch (const std::exception&) {
                    // A message file that is gone shows without a subject; its error says why.
                }
                row.item = std::move(item);
                rows_.push_back(std::move(row));
            }
        }
        setStatus(rows_.empty() ? _("Nothing waits to be sent.")
                                : wxString::Format(wxPLURAL("%zu message in the outbox.", "%zu messages in the outbox.",
                                                            rows_.size()),
                                                   rows_.size()));
    } catch (const std::exception& e) {
        setStatus(_("Cannot read the outbox from the local index: ") + format::u8(e.what()));
    }
    list_->DeleteAllItems();
    long index = 0;
    for (const auto& row : rows_) {
        std::string to;
        for (const auto& recipient : row.item.recipients) to += (to.empty() ? "" : ", ") + recipient;
        list_->InsertItem(index, format::u8(row.accountName));
        list_->SetItem(index, ColTo, format::u8(to));
        list_->SetItem(index, ColSubject, format::u8(row.subject));
        list_->SetItem(index, ColState, stateText(row.item.state));
        list_->SetItem(index, ColError, format::u8(row.item.lastError));
        ++index;
    }
}

std::vector<const OutboxDialog::Row*> OutboxDialog::selectedRows() const {
    std::vector<const Row*> rows;
    for (long i = list_->GetFirstSelected(); i != -1; i = list_->GetNextSelected(i))
        if (static_cast<std::size_t>(i) < rows_.size()) rows.push_back(&rows_[static_cast<std::size_t>(i)]);
    return rows;
}

void OutboxDialog::setStatus(const wxString& text) {
    status_->SetLabel(text);
    Layout();
}

void OutboxDialog::jobDone() {
    if (running_) --running_;
    reload();
    frame_.reloadFromIndex();
}

void OutboxDialog::retrySelected() { changeSelected(false); }

void OutboxDialog::removeSelected() {
    if (selectedRows().empty()) return;
    WxUiPoster::postModal(this, [this] {
        wxGenericMessageDialog ask(this, _("Remove the selected messages from the outbox? They will not be sent."),
                                   _("Remove from Outbox"), wxYES_NO | wxNO_DEFAULT | wxICON_WARNING);
        ask.SetName("ConfirmOutboxRemove");
        ask.SetYesNoLabels(_("&Remove"), _("&Keep"));
        if (ask.ShowModal() == wxID_YES) removeSelectedNow();
    });
}

void OutboxDialog::removeSelectedNow() { changeSelected(true); }

void OutboxDialog::changeSelected(bool remove) {
    for (const Row* row : selectedRows()) {
        if (!remove && row->item.state == store::OutboxState::Pending) continue;
        JobRequest request;
        request.accountId = row->item.accountId;
        request.lane = engine::Lane::Interactive;
        request.name = "outbox";
        request.network = false;
        request.label = remove ? _("Removing from the outbox") : _("Queueing again");
        request.doneLabel = remove ? _("Removed from the outbox") : _("Queued again");
        request.failureTitle = remove ? _("Removing from the outbox failed") : _("Queueing again failed");
        request.run = [profile = frame_.engineHost().profile(), id = row->item.id, remove](engine::JobContext& job) {
            store::Outbox outbox(engine::workerDatabase(job, profile));
            if (remove)
                outbox.remove(id);
            else
                outbox.retry(id);
        };
        request.onFinished = WxUiPoster::boundTo<const std::optional<model::Error>&>(
            this, [this](const std::optional<model::Error>&) { jobDone(); });
        if (frame_.jobTracker().submit(std::move(request))) ++running_;
    }
}

void OutboxDialog::sendNow() {
    std::set<std::int64_t> accounts;
    for (const auto& row : rows_) accounts.insert(row.item.accountId);
    if (accounts.empty()) return;
    if (frame_.engineHost().offline()) {
        setStatus(_("Working offline: turn off View > Work Offline to send."));
        return;
    }
    setStatus(_("Sending..."));
    for (const std::int64_t accountId : accounts) {
        auto result = std::make_shared<engine::OutboxFlushResult>();
        JobRequest request;
        request.accountId = accountId;
        request.lane = engine::Lane::Interactive;
        request.name = "send";
        request.label = _("Sending the outbox");
        request.doneLabel = _("Outbox sent");
        request.failureTitle = _("Sending the outbox failed");
        request.run = accountJob(frame_.engineHost(), accountId,
                                 [result](engine::JobContext& job, const engine::Profile& profile,
                                          const model::AccountConfig& account,
                                          const std::optional<std::string>& password) {
                                     *result = engine::flushOutbox(job, profile, account, password);
                                 });
        request.onFinished = WxUiPoster::boundTo<const std::optional<model::Error>&>(
            this, [this, result](const std::optional<model::Error>& error) {
                jobDone();
                if (error) return setStatus(_("Sending failed: ") + format::u8(error->what()));
                wxString text = wxString::Format(_("Sent %u, still queued %u, failed %u."), result->sent,
                                                 result->stillQueued, result->failed);
                for (const auto& line : result->errors) text += "\n" + format::u8(line);
                setStatus(text);
            });
        if (frame_.jobTracker().submit(std::move(request))) ++running_;
    }
}

}  // namespace petrel::ui
