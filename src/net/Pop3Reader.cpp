#include "net/Pop3Reader.h"

namespace petrel::net {

void Pop3Reader::fill() {
    if (pos_ > 0 && pos_ * 2 >= buffer_.size()) {
        buffer_.erase(0, pos_);
        pos_ = 0;
    }
    std::string chunk = source_();
    bytesRead_ += chunk.size();
    buffer_ += chunk;
}

std::size_t Pop3Reader::lineEnd() {
    std::size_t scanned = 0;  // bytes after pos_ already known to hold no '\n'
    for (;;) {
        std::size_t nl = buffer_.find('\n', pos_ + scanned);
        if (nl != std::string::npos) return nl;
        scanned = buffer_.size() - pos_;
        fill();  // may move pos_ (compaction); `scanned` stays relative to it
    }
}

std::string Pop3Reader::readLine() {
    std::size_t nl = lineEnd();
    std::size_t end = (nl > pos_ && buffer_[nl - 1] == '\r') ? nl - 1 : nl;
    std::string line = buffer_.substr(pos_, end - pos_);
    pos_ = nl + 1;
    return line;
}

std::string Pop3Reader::readMultiline() {
    std::string body;
    for (;;) {
        std::size_t nl = lineEnd();
        std::size_t contentEnd = (nl > pos_ && buffer_[nl - 1] == '\r') ? nl - 1 : nl;
        std::size_t start = pos_;
        pos_ = nl + 1;
        if (buffer_[start] == '.') {
            if (contentEnd == start + 1) return body;  // the terminator "."
            ++start;                                   // dot-stuffed line
        }
        body.append(buffer_, start, nl + 1 - start);
    }
}

}  // namespace petrel::net
