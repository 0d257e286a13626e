#include "ServerReadback.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <utility>

namespace petrel::guitest {

ServerReadback::ServerReadback(const testing::MailServer& server, testing::TestUser user)
    : server_(server), user_(std::move(user)) {}

std::unique_ptr<testing::TcpClient> ServerReadback::login() const {
    auto c = std::make_unique<testing::TcpClient>(server_.host(), server_.imapPort());
    c->readLine();
    c->imapOk("LOGIN " + user_.name + " \"" + user_.password + "\"");
    return c;
}

void ServerReadback::append(testing::TcpClient& c, const std::string& data) {
    c.sendLine("ap APPEND INBOX {" + std::to_string(data.size()) + "}");
    const std::string go = c.readLine();
    ASSERT_EQ(go.substr(0, 1), "+") << go;
    c.send(data);
    c.sendLine("");
    const auto lines = c.readLinesUntil([](const std::string& l) { return l.rfind("ap ", 0) == 0; });
    ASSERT_NE(lines.back().find("OK"), std::string::npos) << lines.back();
}

void ServerReadback::append(const std::string& data) const {
    auto c = login();
    append(*c, data);
}

std::vector<std::uint32_t> ServerReadback::search(const std::string& folder,
                                                  const std::string& criteria) const {
    auto c = login();
    c->imapOk("EXAMINE \"" + folder + "\"");
    std::vector<std::uint32_t> uids;
    for (const auto& l : c->imapOk("UID SEARCH " + criteria)) {
        if (l.rfind("* SEARCH", 0) != 0) continue;
        std::istringstream words(l.substr(8));
        std::uint32_t u = 0;
        while (words >> u) uids.push_back(u);
    }
    return uids;
}

std::set<std::uint32_t> ServerReadback::searchSet(const std::string& folder,
                                                  const std::string& criteria) const {
    const auto uids = search(folder, criteria);
    return {uids.begin(), uids.end()};
}

bool ServerReadback::has(const std::string& folder, std::uint32_t uid) const {
    const auto uids = search(folder, "UID " + std::to_string(uid));
    return std::find(uids.begin(), uids.end(), uid) != uids.end();
}

std::string ServerReadback::flags(const std::string& folder, std::uint32_t uid) const {
    auto c = login();
    c->imapOk("EXAMINE \"" + folder + "\"");
    std::string flags;
    for (const auto& l : c->imapOk("UID FETCH " + std::to_string(uid) + " (FLAGS)"))
        if (l.find("FETCH") != std::string::npos) flags += l;
    return flags;
}

std::string ServerReadback::message(const std::string& folder, std::uint32_t uid) const {
    auto c = login();
    c->imapOk("EXAMINE \"" + folder + "\"");
    for (const auto& l : c->imapOk("UID FETCH " + std::to_string(uid) + " (BODY.PEEK[])")) {
        const auto open = l.find("BODY[] {");
        if (open == std::string::npos) continue;
        const auto close = l.find("}\r\n", open);
        const std::size_t n = std::stoul(l.substr(open + 8, close - open - 8));
        return l.substr(close + 3, n);
    }
    return {};
}

std::set<std::string> ServerReadback::mailboxes(const std::string& command) const {
    auto c = login();
    std::set<std::string> names;
    for (const auto& l : c->imapOk(command + " \"\" \"*\"")) {
        if (l.rfind("* " + command, 0) != 0) continue;
        const auto sep = l.find(") \"/\" ");
        if (sep == std::string::npos) continue;
        std::string name = l.substr(sep + 6);
        if (name.size() >= 2 && name.front() == '"') name = name.substr(1, name.size() - 2);
        names.insert(name);
    }
    return names;
}

}  // namespace petrel::guitest
