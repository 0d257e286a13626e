#include "net/Pop3Reader.h"

#include "model/Error.h"

namespace petrel::net {

void Pop3Reader::fill() {
    if (pos_ > 0 && pos_ * 2 >= buffer_.size()) {
        buffer_.erase(0, pos_);
        pos_ = 0;
    }
    std::string chunk = source_();
    bytesRead_ += chunk.size();
    buffer_ += chunk;
    stall_.arrived(chunk.size());
}

std::size_t Pop3Reader::lineEnd() {
    std::size_t scanned = 0;  // bytes after pos_ already known to hold no '\n'
    for (;;) {
        std::size_t nl = buffer_.find('\n', pos_ + scanned);
        if (nl != std::string::npos) return nl;
        scanned = buffer_.size() - pos_;
        if (scanned > kMaxLineBytes)
            throw model::Error(model::ErrorKind::Protocol, "The POP3 server sent a line of more than " +
                                                               std::to_string(kMaxLineBytes >> 20) + " MiB");
        fill();  // may move pos_ (compaction); `scanned` stays relative to it
    }
}

std::string Pop3Reader::readLine() {
    std::size_t nl = lineEnd();
    std::size_t end = (nl > pos_ && buffer_[nl - 1] == '\r') ? nl - 1 : nl;
    std::string line = buffer_.substr(pos_, end - pos_);
    pos_ = nl + 1;
    if (pos_ == buffer_.size()) stall_.idle();  // between replies: silence is allowed
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
            if (contentEnd == start + 1) {  // the terminator "."
                if (pos_ == buffer_.size()) stall_.idle();
                return body;
            }
            ++start;                                   // dot-stuffed line
        }
        body.append(buffer_, start, nl + 1 - start);
    }
}

}  // namespace petrel::net
