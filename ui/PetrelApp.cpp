#include "PetrelApp.h"

#include <wx/config.h>
#include <wx/filename.h>
#include <wx/msgdlg.h>
#include <wx/msgout.h>
#include <wx/stdpaths.h>

#include <memory>

#include "ComposeActions.h"
#include "DisplayFormat.h"
#include "FolderTree.h"
#include "LocalIndex.h"
#include "MainFrame.h"
#include "PetrelArt.h"
#include "PetrelVersion.h"
#include "Settings.h"
#include "engine/Profile.h"
#include "mime/MailtoUrl.h"
#include "model/Error.h"

namespace petrel::ui {

void PetrelApp::setUpIdentity(wxApp& app) {
    app.SetAppName("petrel");
    app.SetAppDisplayName("Petrel");
#if defined(__UNIX__) && !defined(__WXOSX__)
    // ~/.config for settings (Settings::configFilePath), not the home folder itself.
    wxStandardPaths::Get().SetFileLayout(wxStandardPaths::FileLayout_XDG);
#endif
}

void PetrelApp::OnInitCmdLine(wxCmdLineParser& parser) {
    wxApp::OnInitCmdLine(parser);
    parser.AddLongOption("profile", _("use the profile (mail index and cache) in DIR, created if missing"),
                         wxCMD_LINE_VAL_STRING);
    parser.AddLongSwitch("version", _("print the version and exit"));
    parser.AddLongSwitch("compose", _("open a window to write a new message"));
    parser.AddParam(_("mailto: link to write a message to"), wxCMD_LINE_VAL_STRING, wxCMD_LINE_PARAM_OPTIONAL);
}

bool PetrelApp::OnCmdLineParsed(wxCmdLineParser& parser) {
    if (!wxApp::OnCmdLineParsed(parser)) return false;
    versionOnly_ = parser.Found("version");
    compose_ = parser.Found("compose");
    if (parser.GetParamCount() > 0) {
        mailto_ = parser.GetParam(0);
        if (!mime::MailtoUrl::isMailto(format::toUtf8(mailto_))) {
            wxMessageOutput::Get()->Printf(_("petrel: %s is not a mailto: link\n"), mailto_);
            return false;
        }
    }
    if (parser.Found("profile", &profileDir_)) {
        wxFileName dir = wxFileName::DirName(profileDir_);
        dir.MakeAbsolute();
        profileDir_ = dir.GetPath();
    }
    return true;
}

bool PetrelApp::OnInit() {
    setUpIdentity(*this);
    if (!wxApp::OnInit()) return false;

    if (versionOnly_) {
        // Only reached where main() does not answer --version first (the Windows entry point).
        wxMessageOutput::Get()->Printf("petrel %s\n", PETREL_VERSION);
        CallAfter([this] { ExitMainLoop(); });
        return true;
    }

    wxConfigBase::Set(Settings::createAppConfig());
    PetrelArt::install();

    // The engine's default, so petrel-cli and the GUI open the same profile. (wx 3.2's
    // GetUserDataDir() ignores the XDG layout and would give ~/.petrel on Linux.)
    const engine::Profile profile(profileDir_.empty() ? engine::Profile::defaultDirectory()
                                                      : format::toUtf8(profileDir_));
    std::shared_ptr<store::Db> index;
    try {
        index = LocalIndex::open(profile);
    } catch (const model::Error& e) {
        wxString message = format::u8(e.what());
        if (!e.detail().empty()) message += "\n\n" + format::u8(e.detail());
        wxMessageBox(message, _("Petrel cannot open its profile"), wxOK | wxICON_ERROR);
        return false;
    } catch (const std::exception& e) {
        wxMessageBox(format::u8(e.what()), _("Petrel cannot open its profile"), wxOK | wxICON_ERROR);
        return false;
    }

    host_ = std::make_unique<EngineHost>(profile);
    auto* frame = new MainFrame(std::move(index), format::u8(profile.directory()), *host_);
    frame->Show();
    SetTopWindow(frame);
    // From the event loop, once the window is on screen: the wizard for a new profile, else a
    // first check for new mail.
    CallAfter([frame] {
        if (!frame->folderTree()->hasAccounts())
            frame->offerAccountWizard();
        else
            frame->checkMail();
    });
    if (compose_ || !mailto_.empty()) {
        // After the wizard's offer above: with no account, openCompose points to the wizard.
        CallAfter([frame, mailto = format::toUtf8(mailto_)] {
            ComposeActions* actions = ComposeActions::of(*frame);
            if (!actions) return;
            if (mailto.empty())
                actions->newMessage();
            else
                actions->openMailto(mailto);
        });
    }
    return true;
}

void PetrelApp::setSyncAccount(SyncAccountFn sync) {
    if (host_) host_->setSyncAccount(std::move(sync));
}

int PetrelApp::OnExit() {
    // The frames are gone; stop the workers before wx goes (a job's last post is dropped).
    if (host_) host_->shutdown();
    host_.reset();
    return wxApp::OnExit();
}

}  // namespace petrel::ui
