#pragma once
#include <wx/datetime.h>
#include <wx/string.h>

#include <cstdint>
#include <string>

#include "model/AccountConfig.h"
#include "model/FolderInfo.h"

// How index values read as text on screen. Pure functions, so the GUI tests can pin them down.
namespace petrel::ui::format {

// The engine speaks UTF-8 everywhere; wxString must be told so explicitly.
inline wxString u8(const std::string& text) {
    return wxString::FromUTF8(text.data(), text.size());
}
inline std::string toUtf8(const wxString& text) {
    const wxScopedCharBuffer buffer = text.utf8_str();
    return std::string(buffer.data(), buffer.length());
}

// "512 B", "1.4 KB", "23 KB", "4.2 MB": binary units, at most three significant digits.
wxString size(std::uint64_t bytes);

// A list column date: the time alone for today, otherwise "2025-03-14 09:30". ISO order reads
// the same in every locale and sorts as text.
wxString listDate(std::int64_t epochSeconds, const wxDateTime& now = wxDateTime::Now());

// The full date for the message view, with weekday and time zone offset.
wxString fullDate(std::int64_t epochSeconds);

// The part of an address a list shows: "Jane Doe" for `"Jane Doe" <jane@example.com>`, the
// address itself when there is no display name, the first address of a list.
wxString senderName(const std::string& addressHeader);

// "Work (IMAP, alice@example.com)".
wxString accountLabel(const model::AccountConfig& account);

// The name a folder tree shows for one folder: its last path component, with the IMAP INBOX
// (any case) shown as "Inbox".
wxString folderName(const model::FolderInfo& folder);

// A folder name with its unread count when there is one: "Inbox (3)".
wxString withUnread(const wxString& name, std::uint32_t unread);

}  // namespace petrel::ui::format
