#pragma once
#include <wx/gdicmn.h>
#include <wx/string.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

class wxConfigBase;
class wxWindow;

namespace petrel::store {
class Db;
}

// Helpers shared by the GUI tests. All of them run on the UI thread, the only thread here.
namespace petrel::guitest {

// Runs the event loop (events, pending calls, idle handlers) for about `duration`.
void pump(std::chrono::milliseconds duration = std::chrono::milliseconds(50));
// Pumps until `done` is true or `timeout` passes; returns `done()`.
bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Moves the pointer to a screen point through wxUIActionSimulator and clicks the left button.
void clickAt(const wxPoint& screenPoint);

// Saves the screen area of `window` (the whole screen for nullptr) as
// ${CMAKE_BINARY_DIR}/gui-screenshots/NAME.png, with ImageMagick's import. Returns the path.
std::string screenshot(const std::string& name, const wxWindow* window = nullptr);

// A temporary directory removed with the object.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// A wxFileConfig in a temporary file, installed as wxConfigBase::Get() for the object's lifetime,
// so tests never read or write the real user's settings.
class ScopedConfig {
public:
    explicit ScopedConfig(const std::filesystem::path& file);
    ~ScopedConfig();
    ScopedConfig(const ScopedConfig&) = delete;
    ScopedConfig& operator=(const ScopedConfig&) = delete;
    wxConfigBase* config() const { return config_; }

private:
    wxConfigBase* config_;
    wxConfigBase* previous_;
};

}  // namespace petrel::guitest
