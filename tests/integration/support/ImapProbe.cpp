#include "support/ImapProbe.h"

#include <algorithm>
#include <sstream>

namespace petrel::testing {

std::unique_ptr<TcpClient> imapLogin(const std::string& host, std::uint16_t port, const std::string& user,
                                     const std::string& password) {
    auto c = std::make_unique<TcpClient>(host, port);
    c->readLine();
    c->imapOk("LOGIN " + user + " \"" + password + "\"");
    return c;
}

std::unique_ptr<TcpClient> imapLogin(const TestUser& user) {
    auto& s = MailServer::instance();
    return imapLogin(s.host(), s.imapPort(), user.name, user.password);
}

std::vector<std::uint32_t> searchUids(const std::vector<std::string>& replyLines) {
    std::vector<std::uint32_t> out;
    for (const auto& l : replyLines) {
        if (l.rfind("* SEARCH", 0) != 0) continue;
        std::istringstream words(l.substr(8));
        std::uint32_t u;
        while (words >> u) out.push_back(u);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::uint32_t> searchUids(TcpClient& c, const std::string& criteria) {
    return searchUids(c.imapOk("UID SEARCH " + criteria));
}

}  // namespace petrel::testing
