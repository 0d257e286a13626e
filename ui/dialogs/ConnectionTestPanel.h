#pragma once
#include <wx/panel.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "AccountJobs.h"
#include "model/AccountConfig.h"
#include "model/Error.h"

class wxActivityIndicator;
class wxButton;
class wxStaticText;

namespace petrel::ui {

class EngineHost;

// "Test connection" for the account dialogs: logs in with the settings on screen as an engine
// job on a worker (never on the UI thread), with a busy indicator and Cancel. A refused
// certificate opens the CertificateDialog; trusting it hands the fingerprint to onTrusted (the
// dialog pins it) and tests again. A rejected password, an unreachable server and the like are
// explained in place.
class ConnectionTestPanel : public wxPanel {
public:
    struct Request {
        model::AccountConfig account;  // as on screen; id 0 for an account not saved yet
        std::string password;          // empty: the stored one of `stored`
        std::optional<model::AccountConfig> stored;
    };
    enum class State { Idle, Running, Succeeded, Failed };

    // `prepare` reads the dialog; nullopt when a field is missing (it shows why itself).
    ConnectionTestPanel(wxWindow* parent, EngineHost& host, std::function<std::optional<Request>()> prepare);
    ~ConnectionTestPanel() override;

    void start();
    void cancel();
    // The settings changed since the last result: back to "not tested".
    void invalidate();

    State state() const { return state_; }
    bool running() const { return state_ == State::Running; }
    wxString message() const;
    std::optional<model::ErrorKind> lastError() const { return lastError_; }

    std::function<void(const std::string& sha256)> onTrusted;
    std::function<void()> onPlaintextAllowed;
    std::function<void(State)> onStateChanged;

    wxButton* testButton() const { return test_; }
    wxButton* cancelButton() const { return cancel_; }

private:
    void submit(const Request& request);
    void finished(const std::optional<model::Error>& error, const AccountJobs::TestOutcome& outcome,
                  const Request& request);
    void askTrust(const AccountJobs::TestOutcome& outcome);
    void askPlaintext();
    void show(State state, const wxString& message);

    EngineHost& host_;
    std::function<std::optional<Request>()> prepare_;
    wxButton* test_ = nullptr;
    wxButton* cancel_ = nullptr;
    wxActivityIndicator* busy_ = nullptr;
    wxStaticText* message_ = nullptr;
    State state_ = State::Idle;
    std::optional<model::ErrorKind> lastError_;
    std::uint64_t jobId_ = 0;
};

}  // namespace petrel::ui
