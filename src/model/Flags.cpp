#include "model/Flags.h"

namespace petrel::model {

std::string flagsToString(Flags flags) {
    static const struct { Flag bit; const char* name; } names[] = {
        {FlagSeen, "\\Seen"},       {FlagAnswered, "\\Answered"}, {FlagFlagged, "\\Flagged"},
        {FlagDeleted, "\\Deleted"}, {FlagDraft, "\\Draft"},       {FlagForwarded, "$Forwarded"},
    };
    std::string out;
    for (const auto& n : names) {
        if (flags & n.bit) {
            if (!out.empty()) out += ' ';
            out += n.name;
        }
    }
    return out;
}

}  // namespace petrel::model
