// Remote pictures of HTML mail: which URLs the "Load" bar fetches, and how the fetcher treats
// what a web server answers (a loopback server here; the live path is in LiveSearchPreviewTest).
#include <gtest/gtest.h>
#include <wx/socket.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "EventLoopDriver.h"
#include "RemoteContent.h"
#include "RemoteContentFetcher.h"
#include "SearchScope.h"
#include "WebServer.h"

using namespace std::chrono_literals;

namespace petrel::guitest {
namespace {

// fetchRemoteImage runs on a worker thread in the product: so it does here.
std::optional<ui::RemoteImage> fetchOffThread(const std::string& url, std::size_t max, std::string& error) {
    if (!wxSocketBase::IsInitialized()) wxSocketBase::Initialize();
    std::optional<ui::RemoteImage> image;
    std::thread([&] { image = ui::fetchRemoteImage(url, max, 2, error); }).join();
    return image;
}

TEST(RemoteContent, FindsTheWebPicturesOfAMessage) {
    const std::string html =
        "<img src=\"http://a.example/x.gif?a=1&amp;b=2\"><IMG SRC='https://b.example/y.png'>"
        "<td background=http://c.example/bg.jpg><img data-src=\"http://tracker.example/hidden\">"
        "<img src=\"cid:logo@x\"><img src=\"memory:petrel-image-1.png\"><img "
        "src=\"http://a.example/x.gif?a=1&amp;b=2\">"
        "<a href=\"http://link.example/\">link</a>";
    const auto urls = ui::remoteImageUrls(html);
    ASSERT_EQ(urls.size(), 3u);
    EXPECT_EQ(urls[0], "http://a.example/x.gif?a=1&amp;b=2");
    EXPECT_EQ(urls[1], "https://b.example/y.png");
    EXPECT_EQ(urls[2], "http://c.example/bg.jpg");
    EXPECT_EQ(ui::decodeAttributeUrl(urls[0]), "http://a.example/x.gif?a=1&b=2");
    EXPECT_EQ(ui::remoteImageUrls(html, 1).size(), 1u);
    EXPECT_EQ(ui::replaceAll("a-b-a", "a", "xy"), "xy-b-xy");
}

TEST(RemoteContent, FetchesPicturesFollowsRedirectsAndRefusesTheRest) {
    WebServer web([](const std::string& path) -> std::string {
        if (path == "/pic.png") return WebServer::ok("image/png", "PNGDATA");
        if (path == "/moved") return "HTTP/1.0 302 Found\r\nLocation: /pic.png\r\n\r\n";
        if (path == "/page") return WebServer::ok("text/html", "<html>tracking page</html>");
        if (path == "/huge.png") return WebServer::ok("image/png", std::string(300 * 1024, 'x'));
        return "HTTP/1.0 404 Not Found\r\n\r\n";
    });
    std::string error;
    auto image = fetchOffThread(web.base() + "/pic.png", 1024 * 1024, error);
    ASSERT_TRUE(image.has_value()) << error;
    EXPECT_EQ(image->mimeType, "image/png");
    EXPECT_EQ(image->data, "PNGDATA");

    // The address as a literal in brackets is understood (no IPv6 listener here: the request
    // must fail to connect, not to parse).
    EXPECT_FALSE(
        fetchOffThread("http://[::1]:" + std::to_string(web.port()) + "/pic.png", 1024, error).has_value());
    EXPECT_NE(error.find("cannot connect to ::1"), std::string::npos) << error;

    image = fetchOffThread(web.base() + "/moved", 1024 * 1024, error);
    ASSERT_TRUE(image.has_value()) << error;
    EXPECT_EQ(image->data, "PNGDATA");

    EXPECT_FALSE(fetchOffThread(web.base() + "/page", 1024 * 1024, error).has_value());
    EXPECT_NE(error.find("not a picture"), std::string::npos) << error;
    EXPECT_FALSE(fetchOffThread(web.base() + "/huge.png", 64 * 1024, error).has_value());
    EXPECT_NE(error.find("limit"), std::string::npos) << error;
    EXPECT_FALSE(fetchOffThread(web.base() + "/missing.png", 1024 * 1024, error).has_value());
    EXPECT_NE(error.find("404"), std::string::npos) << error;
    const std::size_t before = web.requests();
    EXPECT_FALSE(fetchOffThread("file:///etc/passwd", 1024 * 1024, error).has_value());
    EXPECT_FALSE(
        fetchOffThread("http://user:pw@127.0.0.1:" + std::to_string(web.port()) + "/pic.png", 1024, error)
            .has_value());
    EXPECT_EQ(web.requests(), before) << "neither was sent anywhere";
    // https: TLS against a plain HTTP server fails cleanly.
    EXPECT_FALSE(fetchOffThread("https://127.0.0.1:" + std::to_string(web.port()) + "/pic.png", 1024, error)
                     .has_value());
    EXPECT_NE(error.find("TLS"), std::string::npos) << error;
}

TEST(RemoteContent, ACancelledFetchNeverReportsBack) {
    runInEventLoop([] {
        WebServer web([](const std::string&) { return WebServer::ok("image/png", "PNG"); });
        int results = 0;
        {
            ui::RemoteContent remote;
            remote.fetch({web.base() + "/a.png"}, [&](ui::RemoteContent::Result) { ++results; });
            remote.cancel();
        }
        spinFor(500ms);
        EXPECT_EQ(results, 0);

        ui::RemoteContent remote;
        ui::RemoteContent::Result got;
        remote.fetch({web.base() + "/b.png?x=1&amp;y=2"}, [&](ui::RemoteContent::Result r) {
            got = std::move(r);
            ++results;
        });
        ASSERT_TRUE(spinUntil([&] { return results == 1; }, 10s));
        ASSERT_EQ(got.images.size(), 1u);
        EXPECT_EQ(got.images[0].url, web.base() + "/b.png?x=1&amp;y=2")
            << "keyed by the attribute as written";
        EXPECT_TRUE(got.errors.empty());
    });
}

TEST(SearchScope, NarrowsToWhatIsSelected) {
    model::FolderInfo inbox;
    inbox.id = 5;
    inbox.accountId = 2;
    inbox.path = "INBOX";
    model::AccountConfig work;
    work.id = 2;
    model::AccountConfig home;
    home.id = 3;

    auto scope = ui::SearchScope::resolve(ui::SearchScopeKind::Folder, inbox, work);
    EXPECT_EQ(scope.kind, ui::SearchScopeKind::Folder);
    EXPECT_EQ(scope.folderId, 5);
    EXPECT_EQ(scope.folderPath, "INBOX");
    EXPECT_TRUE(scope.includes(work));
    EXPECT_FALSE(scope.includes(home));

    scope = ui::SearchScope::resolve(ui::SearchScopeKind::Account, inbox, work);
    EXPECT_EQ(scope.kind, ui::SearchScopeKind::Account);
    EXPECT_FALSE(scope.folderId.has_value());
    EXPECT_EQ(scope.accountId, 2);

    // "This folder" on an account node: the account.
    scope = ui::SearchScope::resolve(ui::SearchScopeKind::Folder, std::nullopt, home);
    EXPECT_EQ(scope.kind, ui::SearchScopeKind::Account);
    EXPECT_EQ(scope.accountId, 3);

    // A parent that only holds folders is no folder to search.
    model::FolderInfo parent = inbox;
    parent.selectable = false;
    scope = ui::SearchScope::resolve(ui::SearchScopeKind::Folder, parent, work);
    EXPECT_EQ(scope.kind, ui::SearchScopeKind::Account);

    scope = ui::SearchScope::resolve(ui::SearchScopeKind::AllAccounts, inbox, work);
    EXPECT_FALSE(scope.accountId.has_value());
    EXPECT_TRUE(scope.includes(home));
}

}  // namespace
}  // namespace petrel::guitest
