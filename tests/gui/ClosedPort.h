#pragma once
#include <cstdint>

namespace petrel::guitest {

// A loopback port nothing listens on: bound once to learn a free one, then closed, so connecting
// there is refused at once.
std::uint16_t closedPort();

}  // namespace petrel::guitest
