#include "GuiTest.h"

#include <wx/app.h>
#include <wx/fileconf.h>
#include <wx/uiaction.h>
#include <wx/utils.h>
#include <wx/window.h>

#include <cstdlib>
#include <stdexcept>

namespace petrel::guitest {

void pump(std::chrono::milliseconds duration) {
    const auto end = std::chrono::steady_clock::now() + duration;
    do {
        wxYield();
        // The generic list and tree controls lay themselves out in idle time.
        wxTheApp->ProcessIdle();
        wxMilliSleep(5);
    } while (std::chrono::steady_clock::now() < end);
}

bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= end) return done();
        pump(std::chrono::milliseconds(10));
    }
    return true;
}

void clickAt(const wxPoint& screenPoint) {
    wxUIActionSimulator simulator;
    simulator.MouseMove(screenPoint);
    pump(std::chrono::milliseconds(50));
    simulator.MouseClick();
    pump(std::chrono::milliseconds(100));
}

std::string screenshot(const std::string& name, const wxWindow* window) {
    pump(std::chrono::milliseconds(150));
    std::filesystem::create_directories(PETREL_SCREENSHOT_DIR);
    const std::string path = std::string(PETREL_SCREENSHOT_DIR) + "/" + name + ".png";
    // /usr/bin/import explicitly: another ImageMagick may sit earlier on PATH (DESIGN §5).
    std::string command = "/usr/bin/import -window root";
    if (window) {
        const wxRect rect = window->GetScreenRect();
        command += " -crop " + std::to_string(rect.width) + "x" + std::to_string(rect.height) + "+" +
                   std::to_string(rect.x) + "+" + std::to_string(rect.y) + " +repage";
    }
    command += " '" + path + "'";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("screenshot failed: " + command);
    return path;
}

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "petrel-gui-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

ScopedConfig::ScopedConfig(const std::filesystem::path& file)
    : config_(new wxFileConfig("petrel-gui-tests", wxString(), wxString::FromUTF8(file.string()), wxString(),
                               wxCONFIG_USE_LOCAL_FILE)),
      previous_(wxConfigBase::Set(config_)) {}

ScopedConfig::~ScopedConfig() {
    wxConfigBase::Set(previous_);
    delete config_;
}

}  // namespace petrel::guitest
