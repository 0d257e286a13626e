#include "mime/SubjectPrefix.h"

#include <array>

#include "mime/AddressList.h"

namespace petrel::mime {
namespace {

constexpr std::array<std::string_view, 13> kMarkers = {"re",
                                                       "fwd",
                                                       "fw",
                                                       "aw",
                                                       "wg",
                                                       "sv",
                                                       "vs",
                                                       "antw",
                                                       "tr",
                                                       "ref",
                                                       "r\xc3\xa9"
                                                       "f",
                                                       "rif",
                                                       "odp"};

std::size_t skipSpaces(std::string_view s, std::size_t i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    return i;
}

// Length of one marker at the start of s ("Re:", "Re[3]:", "Fwd :"), 0 when there is none.
std::size_t markerLength(std::string_view s) {
    const std::string lower = lowerAscii(s.substr(0, 8));
    for (const auto marker : kMarkers) {
        if (lower.compare(0, marker.size(), marker) != 0) continue;
        std::size_t i = marker.size();
        if (i < s.size() && s[i] == '[') {  // Re[2]:
            std::size_t j = i + 1;
            while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
            if (j < s.size() && s[j] == ']' && j > i + 1) i = j + 1;
        }
        i = skipSpaces(s, i);
        if (i < s.size() && s[i] == ':') return i + 1;
    }
    return 0;
}

}  // namespace

std::string stripSubjectPrefixes(std::string_view subject) {
    std::size_t i = skipSpaces(subject, 0);
    for (;;) {
        const std::size_t n = markerLength(subject.substr(i));
        if (n == 0) break;
        i = skipSpaces(subject, i + n);
    }
    return std::string(subject.substr(i));
}

std::string replySubject(std::string_view subject) {
    return "Re: " + stripSubjectPrefixes(subject);
}

std::string forwardSubject(std::string_view subject) {
    return "Fwd: " + stripSubjectPrefixes(subject);
}

}  // namespace petrel::mime
