#include "DisplayFormat.h"

#include <wx/intl.h>

#include <iterator>

namespace petrel::ui::format {

wxString size(std::uint64_t bytes) {
    if (bytes < 1024) return wxString::Format("%llu B", static_cast<unsigned long long>(bytes));
    static const char* const units[] = {"KB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes) / 1024.0;
    std::size_t unit = 0;
    while (value >= 1023.95 && unit + 1 < std::size(units)) {
        value /= 1024.0;
        ++unit;
    }
    // One decimal below 10 ("4.2 MB"), none above ("23 KB"): three digits at most.
    return value < 9.95 ? wxString::Format("%.1f %s", value, units[unit])
                        : wxString::Format("%.0f %s", value, units[unit]);
}

wxString listDate(std::int64_t epochSeconds, const wxDateTime& now) {
    if (epochSeconds <= 0) return wxString();
    const wxDateTime when(static_cast<time_t>(epochSeconds));
    if (when.IsSameDate(now)) return when.Format("%H:%M");
    return when.Format("%Y-%m-%d %H:%M");
}

wxString fullDate(std::int64_t epochSeconds) {
    if (epochSeconds <= 0) return _("(no date)");
    const wxDateTime when(static_cast<time_t>(epochSeconds));
    // %a is the locale's weekday; the offset says which zone the digits are in.
    return when.Format("%a %Y-%m-%d %H:%M %z");
}

namespace {

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

// The first address of a header, honouring quotes and angle brackets: commas inside
// "Doe, Jane" do not split.
std::string firstAddress(const std::string& header) {
    bool quoted = false;
    bool angle = false;
    for (std::size_t i = 0; i < header.size(); ++i) {
        const char c = header[i];
        if (quoted) {
            if (c == '\\' && i + 1 < header.size())
                ++i;
            else if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '<') {
            angle = true;
        } else if (c == '>') {
            angle = false;
        } else if (c == ',' && !angle) {
            return header.substr(0, i);
        }
    }
    return header;
}

std::string unquote(const std::string& s) {
    if (s.size() < 2 || s.front() != '"' || s.back() != '"') return s;
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] == '\\' && i + 2 < s.size()) ++i;
        out += s[i];
    }
    return out;
}

}  // namespace

wxString senderName(const std::string& addressHeader) {
    const std::string address = trim(firstAddress(addressHeader));
    // The last '<' outside quotes starts the address part.
    std::size_t open = std::string::npos;
    bool quoted = false;
    for (std::size_t i = 0; i < address.size(); ++i) {
        const char c = address[i];
        if (quoted) {
            if (c == '\\' && i + 1 < address.size())
                ++i;
            else if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '<') {
            open = i;
        }
    }
    if (open == std::string::npos) return u8(address);
    const std::string name = unquote(trim(address.substr(0, open)));
    if (!trim(name).empty()) return u8(trim(name));
    const auto close = address.find('>', open);
    return u8(address.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1));
}

wxString accountLabel(const model::AccountConfig& account) {
    const wxString protocol = account.protocol == model::Protocol::Imap ? "IMAP" : "POP3";
    if (account.user.empty()) return wxString::Format("%s (%s)", u8(account.name), protocol);
    return wxString::Format("%s (%s, %s)", u8(account.name), protocol, u8(account.user));
}

wxString folderName(const model::FolderInfo& folder) {
    const wxString name = u8(folder.displayName());
    if (folder.parentPath().empty() && name.IsSameAs("INBOX", false)) return _("Inbox");
    return name;
}

wxString withUnread(const wxString& name, std::uint32_t unread) {
    if (unread == 0) return name;
    return wxString::Format("%s (%u)", name, static_cast<unsigned>(unread));
}

}  // namespace petrel::ui::format
