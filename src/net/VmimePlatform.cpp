#include "net/VmimePlatform.h"

#include <mutex>
#include <vmime/platform.hpp>
#include <vmime/platforms/posix/posixHandler.hpp>

namespace petrel::net {

void VmimePlatform::ensureInitialized() {
    static std::once_flag once;
    std::call_once(once, [] { vmime::platform::setHandler<vmime::platforms::posix::posixHandler>(); });
}

}  // namespace petrel::net
