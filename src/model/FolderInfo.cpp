#include "model/FolderInfo.h"

namespace petrel::model {

std::string toString(SpecialUse use) {
    switch (use) {
    case SpecialUse::None: return "";
    case SpecialUse::Inbox: return "inbox";
    case SpecialUse::Sent: return "sent";
    case SpecialUse::Drafts: return "drafts";
    case SpecialUse::Trash: return "trash";
    case SpecialUse::Junk: return "junk";
    case SpecialUse::Archive: return "archive";
    case SpecialUse::All: return "all";
    case SpecialUse::Flagged: return "flagged";
    }
    return "";
}

SpecialUse specialUseFromString(const std::string& s) {
    for (auto use : {SpecialUse::Inbox, SpecialUse::Sent, SpecialUse::Drafts, SpecialUse::Trash,
                     SpecialUse::Junk, SpecialUse::Archive, SpecialUse::All, SpecialUse::Flagged}) {
        if (toString(use) == s) return use;
    }
    return SpecialUse::None;
}

std::string FolderInfo::displayName() const {
    auto pos = path.rfind(separator);
    return pos == std::string::npos ? path : path.substr(pos + 1);
}

std::string FolderInfo::parentPath() const {
    auto pos = path.rfind(separator);
    return pos == std::string::npos ? std::string() : path.substr(0, pos);
}

}  // namespace petrel::model
