#pragma once
#include <string>

namespace petrel::engine {

// Where one user's Petrel data lives: the SQLite index, the part cache, logs. The CLI and
// the GUI share a profile. Secrets are never stored here (they live in the OS keyring).
class Profile {
public:
    explicit Profile(std::string directory);

    // The platform's per-user data folder: $XDG_DATA_HOME/petrel (~/.local/share/petrel) on
    // Linux, ~/Library/Application Support/Petrel on macOS, %APPDATA%\Petrel on Windows.
    static std::string defaultDirectory();

    const std::string& directory() const { return directory_; }
    std::string databasePath() const;
    std::string cacheDirectory() const;
    std::string logDirectory() const;

    // Creates the directories (owner-only permissions on POSIX: the index holds private mail).
    void ensureExists() const;

private:
    std::string directory_;
};

}  // namespace petrel::engine
