#include "engine/SafeFileName.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace petrel::engine {

namespace {

bool isDeviceName(const std::string& name) {
    std::string stem = name.substr(0, name.find('.'));
    while (!stem.empty() && (stem.back() == ' ')) stem.pop_back();
    std::transform(stem.begin(), stem.end(), stem.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    static const std::array<const char*, 6> plain{"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"};
    for (const char* d : plain)
        if (stem == d) return true;
    if (stem.size() == 4 && (stem.rfind("COM", 0) == 0 || stem.rfind("LPT", 0) == 0) && stem[3] >= '0' && stem[3] <= '9')
        return true;
    return false;
}

}  // namespace

std::string safeFileName(const std::string& name, const std::string& fallback) {
    std::string out;
    out.reserve(name.size());
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' ||
            c == '<' || c == '>' || c == '|')
            out += '_';
        else
            out += static_cast<char>(c);
    }
    for (std::size_t pos; (pos = out.find("..")) != std::string::npos;) out.erase(pos, 1);
    // No leading dots (hidden files, "..") and no trailing dots or spaces (Windows drops them).
    while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(out.begin());
    while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
    if (out.size() > 200) {
        std::size_t cut = 200;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
        out.resize(cut);
        // The cut may leave a trailing dot or space again.
        while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
    }
    for (std::size_t pos; (pos = out.find("..")) != std::string::npos;) out.erase(pos, 1);
    if (out.empty()) return fallback;
    if (isDeviceName(out)) out = "_" + out;
    return out;
}

}  // namespace petrel::engine
