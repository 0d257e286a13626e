#include "mime/FormatFlowed.h"

#include <vector>

namespace petrel::mime {
namespace {

std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (end == text.size()) break;
        start = end + 1;
    }
    if (!text.empty() && text.back() == '\n') lines.pop_back();  // the final line end is not a line
    return lines;
}

// Columns counted in code points, not bytes: a UTF-8 continuation byte is not a column.
std::size_t columns(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

// Byte offset of the code point at column `col` (or size()).
std::size_t byteAtColumn(std::string_view s, std::size_t col) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (n == col) return i;
            ++n;
        }
    }
    return s.size();
}

bool isSignatureSeparator(std::string_view content) {
    return content == "-- ";
}

}  // namespace

std::string encodeFlowed(std::string_view text, std::size_t width) {
    std::string out;
    for (std::string_view line : splitLines(text)) {
        std::size_t depth = 0;
        while (depth < line.size() && line[depth] == '>') ++depth;
        std::string_view content = line.substr(depth);
        if (depth > 0 && !content.empty() && content.front() == ' ') content.remove_prefix(1);
        std::string prefix(depth, '>');
        if (depth > 0) prefix += ' ';
        if (!isSignatureSeparator(content)) {
            while (!content.empty() && (content.back() == ' ' || content.back() == '\t'))
                content.remove_suffix(1);
        }
        // Unquoted lines that begin with a space, "From " or '>' would be misread: stuff them.
        if (depth == 0 && (content.rfind(' ', 0) == 0 || content.rfind("From ", 0) == 0)) prefix = " ";
        const std::size_t room = width > columns(prefix) + 10 ? width - columns(prefix) : 10;
        while (columns(content) > room && !isSignatureSeparator(content)) {
            // The last space that keeps "piece + trailing space" within the room.
            const std::size_t limit = byteAtColumn(content, room - 1);
            std::size_t cut = content.rfind(' ', limit);
            if (cut == std::string_view::npos || cut == 0) {
                cut = content.find(' ', limit);  // one long word: break after it
                if (cut == std::string_view::npos) break;
            }
            out += prefix;
            out.append(content.substr(0, cut + 1));  // keeps the space: a soft break
            out += '\n';
            content.remove_prefix(cut + 1);
            // A piece starting with a space would lose it to unstuffing: stuff it.
            if (depth == 0)
                prefix = (!content.empty() && (content.front() == ' ' || content.rfind("From ", 0) == 0))
                             ? " "
                             : "";
        }
        // "> " alone would end in a space: a soft break that joins the next line.
        out += (content.empty() && depth > 0) ? std::string(depth, '>') : prefix;
        out.append(content);
        out += '\n';
    }
    return out;
}

std::string decodeFlowed(std::string_view flowed) {
    std::string out;
    std::string paragraph;
    std::size_t paragraphDepth = 0;
    bool open = false;
    auto flush = [&] {
        if (!open) return;
        if (paragraphDepth > 0) {
            out += std::string(paragraphDepth, '>');
            out += ' ';
        }
        out += paragraph;
        out += '\n';
        paragraph.clear();
        open = false;
    };
    for (std::string_view line : splitLines(flowed)) {
        std::size_t depth = 0;
        while (depth < line.size() && line[depth] == '>') ++depth;
        std::string_view content = line.substr(depth);
        if (!content.empty() && content.front() == ' ') content.remove_prefix(1);  // stuffing
        if (open && depth != paragraphDepth) flush();
        paragraphDepth = depth;
        open = true;
        const bool soft = !content.empty() && content.back() == ' ' && !isSignatureSeparator(content);
        paragraph.append(content);
        if (!soft) flush();
    }
    flush();
    return out;
}

}  // namespace petrel::mime
