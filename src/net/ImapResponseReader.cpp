#include "net/ImapResponseReader.h"

#include "model/Error.h"

namespace petrel::net {

std::string ImapResponseReader::takeBuffered() {
    std::string out = buffer_.substr(pos_);
    buffer_.clear();
    pos_ = 0;
    return out;
}

void ImapResponseReader::fill() {
    if (pos_ > 0 && pos_ >= buffer_.size() / 2) {
        buffer_.erase(0, pos_);
        pos_ = 0;
    }
    char chunk[65536];
    const std::size_t n = read_(chunk, sizeof chunk);
    buffer_.append(chunk, n);
    stall_.arrived(n);
}

std::string ImapResponseReader::next() {
    // Offsets from pos_, which fill() may move.
    std::size_t lineStart = 0;  // start of the current line (after the last literal)
    std::size_t scanFrom = 0;
    for (;;) {
        const std::size_t eol = buffer_.find("\r\n", pos_ + scanFrom);
        if (eol == std::string::npos) {
            if (buffer_.size() - pos_ - lineStart > kMaxLineBytes)
                throw model::Error(model::ErrorKind::Protocol, "The server sent an IMAP response line of more than " +
                                                                   std::to_string(kMaxLineBytes >> 20) + " MiB");
            scanFrom = buffer_.size() - pos_;
            if (scanFrom > lineStart) --scanFrom;  // a CR may wait for its LF
            fill();
            continue;
        }
        const std::size_t begin = pos_ + lineStart;
        std::size_t literal = 0;
        bool isLiteral = false;
        if (eol > begin && buffer_[eol - 1] == '}') {
            std::size_t i = eol - 1;
            if (i > begin && buffer_[i - 1] == '+') --i;
            const std::size_t digitsEnd = i;
            while (i > begin && buffer_[i - 1] >= '0' && buffer_[i - 1] <= '9') --i;
            if (i > begin && buffer_[i - 1] == '{' && i < digitsEnd && digitsEnd - i <= 12) {
                isLiteral = true;
                for (std::size_t k = i; k < digitsEnd; ++k)
                    literal = literal * 10 + static_cast<std::size_t>(buffer_[k] - '0');
                if (literal > kMaxLiteralBytes)
                    throw model::Error(model::ErrorKind::Protocol, "The server announced an oversized IMAP literal");
            }
        }
        if (!isLiteral) {
            std::string out = buffer_.substr(pos_, eol - pos_);
            pos_ = eol + 2;
            if (pos_ == buffer_.size()) stall_.idle();  // between responses: silence is allowed
            return out;
        }
        const std::size_t after = eol + 2 + literal - pos_;
        while (buffer_.size() - pos_ < after) fill();
        lineStart = scanFrom = after;
    }
}

}  // namespace petrel::net
