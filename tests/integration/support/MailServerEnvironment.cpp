#include "support/MailServerEnvironment.h"

#include "support/MailServer.h"

#include <exception>

namespace petrel::testing {

void MailServerEnvironment::SetUp()
{
    try {
        MailServer::instance();
    } catch (const std::exception& e) {
        FAIL() << "the test mail servers are not available:\n" << e.what();
    }
}

void MailServerEnvironment::TearDown()
{
    if (MailServer* server = MailServer::existing())
        server->stop();
}

}  // namespace petrel::testing
