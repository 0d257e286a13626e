#pragma once
#include <wx/app.h>
#include <wx/cmdline.h>

#include <memory>

#include "EngineHost.h"

namespace petrel::ui {

// The GUI application: parses the command line, opens the profile's index read-only and shows
// the main window. `--version` and `--help` are answered before wx starts (EarlyCommandLine);
// the same options are declared here so wx's parser accepts them and lists them.
class PetrelApp : public wxApp {
public:
    bool OnInit() override;
    void OnInitCmdLine(wxCmdLineParser& parser) override;
    bool OnCmdLineParsed(wxCmdLineParser& parser) override;
    int OnExit() override;

    // The application's one engine for the profile (null before OnInit and with --version).
    EngineHost* engineHost() const { return host_.get(); }
    // What Check Mail runs per account; the default is the engine's IMAP / POP3 sync (MailSync).
    void setSyncAccount(SyncAccountFn sync);

    // Names and paths every part of the GUI agrees on: the app name (settings folder) and the XDG
    // file layout on Unix. Also used by the GUI tests, which build frames without PetrelApp.
    static void setUpIdentity(wxApp& app);

private:
    wxString profileDir_;
    bool versionOnly_ = false;
    // `petrel mailto:...` (the desktop's mailto: handler) and `petrel --compose`.
    wxString mailto_;
    bool compose_ = false;
    std::unique_ptr<EngineHost> host_;
};

}  // namespace petrel::ui
