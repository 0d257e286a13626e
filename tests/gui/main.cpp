// One wxWidgets start-up for the whole binary (DESIGN §5): GTK cannot be initialised twice in a
// process, so every test shares this application object and builds its own frames.
#include <gtest/gtest.h>
#include <wx/app.h>
#include <wx/image.h>
#include <wx/init.h>
#include <wx/log.h>

#include <iostream>

#include "PetrelApp.h"
#include "PetrelArt.h"

namespace {

// A wx assert would open a modal dialog and hang an unattended run; make it a test failure.
void failOnAssert(const wxString& file, int line, const wxString& func, const wxString& cond,
                  const wxString& msg) {
    const std::string where = file.ToStdString();
    ADD_FAILURE_AT(where.c_str(), line) << "wx assert in " << func << ": " << cond << " " << msg;
}

// wxLogError and wxLogWarning would also end in a modal dialog; they fail the running test.
class FailingLog : public wxLog {
protected:
    void DoLogRecord(wxLogLevel level, const wxString& message, const wxLogRecordInfo& info) override {
        if (level <= wxLOG_Warning) {
            ADD_FAILURE() << "wx logged " << (level == wxLOG_Warning ? "a warning" : "an error") << ": "
                          << message << " (" << (info.filename ? info.filename : "") << ":" << info.line
                          << ")";
        } else if (level <= wxLOG_Info) {
            std::cerr << "wx: " << message << '\n';
        }
    }
};

// Tests build their frames themselves: no command line, no profile, no main window here.
class GuiTestApp : public wxApp {
public:
    bool OnInit() override { return true; }
};

}  // namespace

int main(int argc, char** argv) {
    testing::InitGoogleTest(&argc, argv);
    // Listing needs no display (IDEs and ctest tooling list tests on headless machines).
    if (GTEST_FLAG_GET(list_tests)) return RUN_ALL_TESTS();

    wxSetAssertHandler(failOnAssert);
    delete wxLog::SetActiveTarget(new FailingLog);

    wxApp::SetInstance(new GuiTestApp);
    int wxArgc = 1;
    char* wxArgv[] = {argv[0], nullptr};
    if (!wxEntryStart(wxArgc, wxArgv)) {
        std::cerr << "petrel-gui-tests: cannot start wxWidgets (is DISPLAY set? run under xvfb-run)\n";
        return 2;
    }
    if (!wxTheApp->CallOnInit()) {
        std::cerr << "petrel-gui-tests: application initialisation failed\n";
        wxEntryCleanup();
        return 2;
    }
    petrel::ui::PetrelApp::setUpIdentity(*wxTheApp);
    petrel::ui::PetrelArt::install();
    if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);

    const int result = RUN_ALL_TESTS();

    wxTheApp->OnExit();
    wxEntryCleanup();
    return result;
}
