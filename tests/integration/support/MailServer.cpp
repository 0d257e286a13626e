#include "support/MailServer.h"

#include "support/TcpClient.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#ifndef PETREL_MAILSERVER_SCRIPT
#error "PETREL_MAILSERVER_SCRIPT must name tests/servers/petrel-mailserver (see tests/integration/CMakeLists.txt)"
#endif

namespace fs = std::filesystem;

namespace petrel::testing {

namespace {

std::mutex g_instanceMutex;
std::unique_ptr<MailServer> g_instance;
std::string g_startError;

struct CommandResult {
    int status = -1;
    std::string output;  // stdout and stderr
};

std::string shellQuote(const std::string& s)
{
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

CommandResult run(const std::vector<std::string>& args)
{
    std::string command;
    for (const auto& a : args)
        command += shellQuote(a) + " ";
    command += "2>&1 </dev/null";
    CommandResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        throw std::runtime_error("cannot run " + command);
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        result.output.append(buf, n);
    const int st = ::pclose(pipe);
    result.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return result;
}

// One shell word as petrel-mailserver writes it (shlex.quote: bare, or in single quotes).
std::string unquote(const std::string& v)
{
    std::string out;
    char quote = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const char c = v[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            else if (quote == '"' && c == '\\' && i + 1 < v.size())
                out += v[++i];
            else
                out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '\\' && i + 1 < v.size()) {
            out += v[++i];
        } else {
            out += c;
        }
    }
    return out;
}

std::string tailOf(const std::string& path, std::size_t lines)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return "(no log at " + path + ")\n";
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    const std::streamoff from = size > 262144 ? size - 262144 : 0;
    in.seekg(from);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t pos = data.size();
    if (pos > 0 && data[pos - 1] == '\n')
        --pos;
    for (std::size_t count = 0; pos > 0; --pos) {
        if (data[pos - 1] == '\n' && ++count == lines)
            break;
    }
    std::string out = data.substr(pos);
    if (!out.empty() && out.back() != '\n')
        out += '\n';
    return out;
}

}  // namespace

MailServer& MailServer::instance()
{
    std::lock_guard<std::mutex> lock(g_instanceMutex);
    if (g_instance)
        return *g_instance;
    // A failed start is not retried by every test: they all fail fast with the first error.
    if (!g_startError.empty())
        throw std::runtime_error(g_startError);
    try {
        g_instance.reset(new MailServer());
    } catch (const std::exception& e) {
        g_startError = e.what();
        throw;
    }
    return *g_instance;
}

MailServer* MailServer::existing()
{
    std::lock_guard<std::mutex> lock(g_instanceMutex);
    return g_instance.get();
}

std::string MailServer::scriptPath()
{
    if (const char* s = std::getenv("PETREL_MAILSERVER_SCRIPT"); s && *s)
        return s;
    return PETREL_MAILSERVER_SCRIPT;
}

MailServer::MailServer()
{
    if (const char* d = std::getenv("PETREL_TEST_SERVER_DIR"); d && *d)
        attach(d);
    else
        startOwn();
}

MailServer::~MailServer()
{
    try {
        stop();
    } catch (const std::exception& e) {
        std::cerr << "petrel::testing::MailServer: " << e.what() << "\n";
    }
}

void MailServer::attach(const std::string& dir)
{
    dir_ = dir;
    owned_ = false;
    if (!fs::exists(fs::path(dir_) / "servers.env")) {
        throw std::runtime_error("PETREL_TEST_SERVER_DIR=" + dir_ +
                                 " has no servers.env: the servers were not started there (did ctest's "
                                 "mailserver_start fixture fail?)\n--- dovecot log ---\n" +
                                 tailOf(dir_ + "/log/dovecot.log", 30) + "--- postfix log ---\n" +
                                 tailOf(dir_ + "/log/postfix.log", 30));
    }
    loadEnv();
    try {
        TcpClient imap(host(), imapPort(), std::chrono::seconds(5));
        const std::string greeting = imap.readLine();
        if (greeting.rfind("* OK", 0) != 0)
            throw std::runtime_error("unexpected IMAP greeting: " + greeting);
    } catch (const std::exception& e) {
        throw std::runtime_error("the test servers in " + dir_ + " do not answer: " + e.what() + "\n" +
                                 logTail(30));
    }
}

void MailServer::startOwn()
{
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/petrel-test-XXXXXX";
    std::vector<char> buf(templ.begin(), templ.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data()))
        throw std::runtime_error("mkdtemp " + templ + " failed");
    dir_ = buf.data();
    owned_ = true;
    // --stop-with-pid: if this process dies without stop() (a crash, a kill), the servers stop anyway.
    const CommandResult r =
        run({scriptPath(), "start", "--dir", dir_, "--stop-with-pid", std::to_string(::getpid())});
    if (r.status != 0) {
        stopped_ = true;
        throw std::runtime_error("`petrel-mailserver start --dir " + dir_ + "` failed (exit " +
                                 std::to_string(r.status) + "):\n" + r.output);
    }
    loadEnv();
}

void MailServer::loadEnv()
{
    std::ifstream in(fs::path(dir_) / "servers.env");
    if (!in)
        throw std::runtime_error("cannot read " + dir_ + "/servers.env");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos)
            continue;
        env_[line.substr(0, eq)] = unquote(line.substr(eq + 1));
    }
    for (const char* key : {"HOST", "IMAP_PORT", "IMAPS_PORT", "POP3_PORT", "POP3S_PORT", "LMTP_PORT",
                            "CERT_PEM", "CERT_SHA256", "MAIL_ROOT"}) {
        if (env(key).empty())
            throw std::runtime_error(dir_ + "/servers.env lacks " + key);
    }
}

std::string MailServer::env(const std::string& key) const
{
    const auto it = env_.find(key);
    return it == env_.end() ? std::string() : it->second;
}

std::uint16_t MailServer::port(const char* key) const
{
    const std::string v = env(key);
    try {
        const unsigned long p = std::stoul(v);
        if (p > 0 && p < 65536)
            return static_cast<std::uint16_t>(p);
    } catch (const std::exception&) {
    }
    throw std::runtime_error(std::string("servers.env: bad ") + key + "=" + v);
}

std::string MailServer::host() const { return env("HOST"); }
std::uint16_t MailServer::imapPort() const { return port("IMAP_PORT"); }
std::uint16_t MailServer::imapsPort() const { return port("IMAPS_PORT"); }
std::uint16_t MailServer::pop3Port() const { return port("POP3_PORT"); }
std::uint16_t MailServer::pop3sPort() const { return port("POP3S_PORT"); }
std::uint16_t MailServer::lmtpPort() const { return port("LMTP_PORT"); }

std::uint16_t MailServer::smtpPort() const
{
    if (env("SMTP_PORT").empty())
        throw std::runtime_error("the test servers run without SMTP: " +
                                 (env("SMTP_ERROR").empty() ? std::string("(no reason given)") : env("SMTP_ERROR")));
    return port("SMTP_PORT");
}

std::string MailServer::certSha256() const { return env("CERT_SHA256"); }
std::string MailServer::certPemPath() const { return env("CERT_PEM"); }

TestUser MailServer::createUser(const std::string& fill)
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        unsigned n;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            n = ++counter_;
        }
        TestUser user;
        user.name = "test" + std::to_string(n) + "p" + std::to_string(::getpid());
        user.password = "pw-" + user.name;
        user.address = user.name + "@" + (env("DOMAIN").empty() ? std::string("example.com") : env("DOMAIN"));
        const CommandResult r = run({scriptPath(), "add-user", "--dir", dir_, user.name, user.password, "--fill", fill});
        if (r.status == 0)
            return user;
        if (r.status != 3)  // 3: the name exists (a process with our pid in an earlier run): take the next
            throw std::runtime_error("`petrel-mailserver add-user " + user.name + " --fill " + fill +
                                     "` failed (exit " + std::to_string(r.status) + "):\n" + r.output);
    }
    throw std::runtime_error("createUser: no free user name");
}

std::string MailServer::maildir(const TestUser& user) const
{
    return env("MAIL_ROOT") + "/" + user.name + "/Maildir";
}

std::string MailServer::logTail(std::size_t lines) const
{
    const std::string dovecot = env("DOVECOT_LOG").empty() ? dir_ + "/log/dovecot.log" : env("DOVECOT_LOG");
    const std::string postfix = env("POSTFIX_LOG").empty() ? dir_ + "/log/postfix.log" : env("POSTFIX_LOG");
    return "--- " + dovecot + " ---\n" + tailOf(dovecot, lines) + "--- " + postfix + " ---\n" +
           tailOf(postfix, lines);
}

void MailServer::stop()
{
    std::lock_guard<std::mutex> lock(mutex_);
    if (!owned_ || stopped_)
        return;
    stopped_ = true;
    const CommandResult r = run({scriptPath(), "stop", "--dir", dir_});
    if (r.status != 0)
        throw std::runtime_error("`petrel-mailserver stop --dir " + dir_ + "` failed:\n" + r.output);
    if (std::getenv("PETREL_KEEP_TEST_SERVERS"))
        return;
    std::error_code ec;
    const std::string data = env("DATA_DIR");
    if (!data.empty() && data.rfind(dir_ + "/", 0) != 0)
        fs::remove_all(data, ec);
    fs::remove_all(dir_, ec);
}

}  // namespace petrel::testing
