#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace petrel::mime {

// A mailto: URL (RFC 6068) as the desktop hands it to `petrel %u`: addresses from the path and
// the to/cc/bcc fields, subject, body and in-reply-to, percent-decoded to UTF-8. Every other
// header field (From, Received, arbitrary X- fields...) is ignored, as RFC 6068 §6 asks of a
// client that cannot show the user what a field would do.
struct MailtoUrl {
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::vector<std::string> bcc;
    std::string subject;
    std::string body;  // '\n' line ends (the URL carries %0D%0A)
    std::string inReplyTo;

    // True when `text` starts with the scheme "mailto:" (any case).
    static bool isMailto(std::string_view text);

    // Throws model::Error (Usage) for another scheme, a broken percent escape or text that
    // is not UTF-8 once decoded.
    static MailtoUrl parse(std::string_view url);
};

}  // namespace petrel::mime
