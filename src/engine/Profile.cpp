#include "engine/Profile.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "model/Error.h"

namespace petrel::engine {
namespace fs = std::filesystem;

Profile::Profile(std::string directory) : directory_(std::move(directory)) {}

std::string Profile::defaultDirectory() {
    auto env = [](const char* name) -> std::string {
        const char* v = std::getenv(name);
        return v ? std::string(v) : std::string();
    };
#if defined(_WIN32)
    std::string appData = env("APPDATA");
    if (!appData.empty()) return (fs::path(appData) / "Petrel").string();
    return (fs::path(env("USERPROFILE")) / "AppData" / "Roaming" / "Petrel").string();
#elif defined(__APPLE__)
    return (fs::path(env("HOME")) / "Library" / "Application Support" / "Petrel").string();
#else
    std::string xdg = env("XDG_DATA_HOME");
    if (!xdg.empty()) return (fs::path(xdg) / "petrel").string();
    return (fs::path(env("HOME")) / ".local" / "share" / "petrel").string();
#endif
}

std::string Profile::databasePath() const { return (fs::path(directory_) / "petrel.db").string(); }
std::string Profile::cacheDirectory() const { return (fs::path(directory_) / "parts").string(); }
std::string Profile::logDirectory() const { return (fs::path(directory_) / "logs").string(); }

void Profile::ensureExists() const {
    std::error_code ec;
    for (const auto& dir : {directory_, cacheDirectory(), logDirectory()}) {
        fs::create_directories(dir, ec);
        if (ec) {
            throw model::Error(model::ErrorKind::Storage, "Cannot create the profile folder " + dir,
                               ec.message());
        }
        fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    }
}

}  // namespace petrel::engine
