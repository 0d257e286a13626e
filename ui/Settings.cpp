#include "Settings.h"

#include <wx/app.h>
#include <wx/filename.h>
#include <wx/stdpaths.h>
#if defined(__UNIX__) && !defined(__WXOSX__)
#include <wx/fileconf.h>
#define PETREL_XDG_CONFIG 1
#endif

namespace petrel::ui {

namespace {

const char* sortKeyName(store::SortKey key) {
    switch (key) {
        case store::SortKey::Date:
            return "date";
        case store::SortKey::From:
            return "from";
        case store::SortKey::Subject:
            return "subject";
        case store::SortKey::Size:
            return "size";
    }
    return "date";
}

}  // namespace

wxString Settings::configFilePath() {
#ifdef PETREL_XDG_CONFIG
    wxFileName file(wxStandardPaths::Get().GetUserConfigDir(), "petrel.conf");
    file.AppendDir(wxTheApp ? wxTheApp->GetAppName() : wxString("petrel"));
    return file.GetFullPath();
#else
    return wxString();
#endif
}

wxConfigBase* Settings::createAppConfig() {
#ifdef PETREL_XDG_CONFIG
    const wxFileName file(configFilePath());
    // wxFileConfig writes the file but does not create its folder; without it every Flush() fails.
    if (!file.DirExists()) file.Mkdir(wxS_DIR_DEFAULT, wxPATH_MKDIR_FULL);
    return new wxFileConfig(wxTheApp->GetAppName(), wxString(), file.GetFullPath(), wxString(),
                            wxCONFIG_USE_LOCAL_FILE);
#else
    return new wxConfig(wxTheApp->GetAppName(), wxString(), wxString(), wxString(), wxCONFIG_USE_LOCAL_FILE);
#endif
}

wxConfigBase* Settings::config() const {
    return config_ ? config_ : wxConfigBase::Get();
}

std::optional<long> Settings::readLong(const wxString& key) const {
    long value = 0;
    if (!config() || !config()->Read(key, &value)) return std::nullopt;
    return value;
}

namespace {

class ConfigGeometry : public wxTopLevelWindow::GeometrySerializer {
public:
    ConfigGeometry(wxConfigBase* config, const wxString& path) : config_(config), path_(path) {}

    bool SaveField(const wxString& name, int value) const override {
        return config_->Write(path_ + name, static_cast<long>(value));
    }

    bool RestoreField(const wxString& name, int* value) override {
        long stored = 0;
        if (!config_->Read(path_ + name, &stored)) return false;
        *value = static_cast<int>(stored);
        return true;
    }

private:
    wxConfigBase* config_;
    wxString path_;
};

}  // namespace

bool Settings::saveGeometry(const wxTopLevelWindow& window, const wxString& name) {
    if (!config()) return false;
    return window.SaveGeometry(ConfigGeometry(config(), "/" + name + "/Geometry/"));
}

bool Settings::restoreGeometry(wxTopLevelWindow& window, const wxString& name) {
    if (!config() || !config()->HasGroup("/" + name + "/Geometry")) return false;
    ConfigGeometry geometry(config(), "/" + name + "/Geometry/");
    return window.RestoreToGeometry(geometry);
}

std::optional<int> Settings::sashPosition(const wxString& splitter) const {
    const auto value = readLong("/MainFrame/Sash/" + splitter);
    if (!value || *value <= 0) return std::nullopt;
    return static_cast<int>(*value);
}

void Settings::setSashPosition(const wxString& splitter, int position) {
    if (config() && position > 0) config()->Write("/MainFrame/Sash/" + splitter, position);
}

std::optional<int> Settings::columnWidth(const wxString& column) const {
    const auto value = readLong("/MessageList/Width/" + column);
    if (!value || *value <= 0) return std::nullopt;
    return static_cast<int>(*value);
}

void Settings::setColumnWidth(const wxString& column, int width) {
    if (config() && width > 0) config()->Write("/MessageList/Width/" + column, width);
}

store::SortKey Settings::sortKey() const {
    wxString name;
    if (config()) config()->Read("/MessageList/SortKey", &name);
    for (auto key :
         {store::SortKey::Date, store::SortKey::From, store::SortKey::Subject, store::SortKey::Size}) {
        if (name == sortKeyName(key)) return key;
    }
    return store::SortKey::Date;
}

bool Settings::sortDescending() const {
    return readLong("/MessageList/Descending").value_or(1) != 0;
}

void Settings::setSort(store::SortKey key, bool descending) {
    if (!config()) return;
    config()->Write("/MessageList/SortKey", wxString(sortKeyName(key)));
    config()->Write("/MessageList/Descending", descending ? 1L : 0L);
}

bool Settings::unreadOnly() const {
    return readLong("/MessageList/UnreadOnly").value_or(0) != 0;
}

void Settings::setUnreadOnly(bool on) {
    if (config()) config()->Write("/MessageList/UnreadOnly", on ? 1L : 0L);
}

int Settings::searchScope() const {
    const long scope = readLong("/Search/Scope").value_or(0);
    return scope >= 0 && scope <= 2 ? static_cast<int>(scope) : 0;
}

void Settings::setSearchScope(int scope) {
    if (config()) config()->Write("/Search/Scope", static_cast<long>(scope));
}

std::int64_t Settings::lastFolderId() const {
    wxString text;
    if (!config() || !config()->Read("/MainFrame/LastFolder", &text)) return 0;
    long long id = 0;
    return text.ToLongLong(&id) ? id : 0;
}

void Settings::setLastFolderId(std::int64_t folderId) {
    // As text: wxConfig's integers are long, which is 32 bits on Windows.
    if (config())
        config()->Write("/MainFrame/LastFolder", wxString::Format("%lld", static_cast<long long>(folderId)));
}

void Settings::flush() {
    if (config()) config()->Flush();
}

}  // namespace petrel::ui
