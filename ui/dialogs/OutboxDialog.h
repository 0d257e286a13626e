#pragma once
#include <wx/dialog.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "store/Outbox.h"

class wxButton;
class wxListView;
class wxStaticText;

namespace petrel::store {
class Db;
}

namespace petrel::ui {

class MainFrame;

// Messages that wait in the outbox (queued offline or after a network failure), failed ones
// (the server refused them) and interrupted ones (a send a killed process left unfinished): to,
// subject, state and the last error. Retry puts a failed or interrupted item back in the queue,
// Remove deletes it, Send Now sends each account's queue (engine::flushOutbox). Changes run as
// jobs on the account's worker; the list is read from the UI thread's read-only index.
class OutboxDialog : public wxDialog {
public:
    OutboxDialog(MainFrame& frame, std::shared_ptr<store::Db> index);

    // Reads the outbox of every account again.
    void reload();

    struct Row {
        store::OutboxItem item;
        std::string accountName;
        std::string subject;
    };
    const std::vector<Row>& rows() const { return rows_; }
    wxListView* list() const { return list_; }
    wxStaticText* status() const { return status_; }

    void retrySelected();
    // Asks first (the message is gone for good).
    void removeSelected();
    // Without asking (tests, and after the question).
    void removeSelectedNow();
    void sendNow();
    // Jobs of this dialog still running.
    std::size_t runningJobs() const { return running_; }

    enum Column { ColAccount, ColTo, ColSubject, ColState, ColError };

private:
    std::vector<const Row*> selectedRows() const;
    void changeSelected(bool remove);
    void setStatus(const wxString& text);
    void jobDone();

    MainFrame& frame_;
    std::shared_ptr<store::Db> index_;
    std::vector<Row> rows_;
    std::size_t running_ = 0;
    wxListView* list_ = nullptr;
    wxStaticText* status_ = nullptr;
    wxButton* retry_ = nullptr;
    wxButton* remove_ = nullptr;
    wxButton* sendNow_ = nullptr;
};

}  // namespace petrel::ui
